using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

/// <summary>The 4096-byte line between one cookie and chunks, and chunks left behind by another writer.</summary>
public sealed class SessionCookieLimitTests
{
    private static readonly FakeTimeProvider s_clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    private static IronSessionOptions Options(string name) => new()
    {
        CookieName = name,
        Password = TestPasswords.One,
        Chunking = true,
        TimeProvider = s_clock,
    };

    private static async Task<IReadOnlyList<string>> Save(string name, int blobLength)
    {
        var store = new HeaderCookieStore(null);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, Options(name));
        session.Data["blob"] = new string('y', blobLength);
        await session.SaveAsync();
        return store.SetCookieHeaders;
    }

    [Test]
    public async Task A_cookie_of_exactly_4096_bytes_is_written_whole_and_one_byte_more_is_chunked()
    {
        // Find the largest blob whose cookie named "s" fits, then lengthen the name to land on 4096 exactly.
        int blob = 2_600;
        while ((await Save("s", blob + 1))[0].StartsWith("s=", StringComparison.Ordinal))
        {
            blob++;
        }

        int shortBy = 4096 - (await Save("s", blob))[0].Length;
        string name = "s" + new string('x', shortBy);

        IReadOnlyList<string> exact = await Save(name, blob);
        exact[0].Length.ShouldBe(4096);
        exact[0].ShouldStartWith(name + "=Fe26.2*");

        IReadOnlyList<string> over = await Save(name + "x", blob);
        over.ShouldContain(header => header.StartsWith(name + "x.0=Fe26.2*", StringComparison.Ordinal));
        over.ShouldNotContain(header => header.StartsWith(name + "x=Fe26.2*", StringComparison.Ordinal));
        over.ShouldAllBe(header => header.Length <= 4096);
    }

    [Test]
    public async Task Chunks_are_read_up_to_the_first_gap_so_a_stray_later_chunk_is_ignored()
    {
        var jar = new BrowserJar();
        jar.Apply(await Save("session", 5_000));
        jar.Cookies.Keys.Order().ShouldBe(["session.0", "session.1"]);
        jar.With("session.3", "0"); // appended, it would make the version "20": no longer 2

        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), Options("session"));

        session.Data["blob"]!.GetValue<string>().Length.ShouldBe(5_000);
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(1)]
    public async Task A_seal_at_a_multiple_of_the_chunk_budget_plus_offset_fills_exactly_the_chunks_it_needs(int offset)
    {
        // The budget (characters of seal per chunk) shrinks by one for each character added to the cookie name,
        // while the seal's length depends only on the data: choose both so the seal is 2 × budget + offset long.
        int fullBudget = (await Save("s", 6_000)).First(header => header.StartsWith("s.0=", StringComparison.Ordinal)).Split(';')[0].Length - "s.0=".Length;
        var sealOptions = new SealOptions { Password = TestPasswords.One, TimeProvider = s_clock };
        int blob = 5_000;
        int sealLength;
        while (true)
        {
            // The session's seal: its data and its two members (a 13-digit time, a 16-digit id).
            var data = new JsonObject { ["blob"] = new string('y', blob), ["_ironseal_iat"] = s_clock.GetUtcNow().ToUnixTimeMilliseconds(), ["_ironseal_sid"] = 1_000_000_000_000_000 };
            sealLength = Iron.Seal(data, sealOptions).Length;
            if ((sealLength - offset) % 2 == 0 && (sealLength - offset) / 2 <= fullBudget)
            {
                break;
            }

            blob++;
        }

        int budget = (sealLength - offset) / 2;
        string name = "s" + new string('x', fullBudget - budget);

        IReadOnlyList<string> headers = await Save(name, blob);

        string[] chunks = [.. headers.Where(header => header.StartsWith(name + ".", StringComparison.Ordinal) && !header.Contains("Max-Age=0", StringComparison.Ordinal))];
        chunks.Length.ShouldBe(offset > 0 ? 3 : 2);
        chunks[0].Split(';')[0].Length.ShouldBe(name.Length + 3 + budget);
        chunks.ShouldAllBe(header => header.Split(';')[0].Length > name.Length + 3); // no empty chunk

        var jar = new BrowserJar();
        jar.Apply(headers);
        IronSession<JsonObject> read = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), Options(name));
        read.Data["blob"]!.GetValue<string>().Length.ShouldBe(blob);
    }
}
