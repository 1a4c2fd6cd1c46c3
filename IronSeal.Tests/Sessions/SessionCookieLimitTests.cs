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
        int blob = 2_800;
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
}
