using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

/// <summary>
/// Sessions hand a seal to the store as characters (<see cref="ICookieStore.Set(string, ReadOnlySpan{char}, CookieAttributes)"/>).
/// A store with only the string <c>Set</c> gets them through the interface's default: both kinds of store must send
/// the same cookies, whole or chunked, and the span serializer must write exactly what the string one writes.
/// </summary>
public sealed class SpanCookieValueTests
{
    private static readonly IronSessionOptions s_options = new() { CookieName = "session", Password = TestPasswords.One, Chunking = true };

    [TestCase(10, "")]
    [TestCase(700, "")] // a seal over the 1,024 characters a save keeps on the stack
    [TestCase(6_000, "")] // two chunks
    [TestCase(6_000, "session=old; session.0=a; session.1=b; session.2=c")] // two chunks, and stale ones to expire
    [TestCase(10, "session.0=a; session.1=b")]
    public async Task Both_kinds_of_store_send_the_same_cookies_and_both_open(int length, string header)
    {
        var spanStore = new HeaderCookieStore(header);
        var stringStore = new RequiredMembersStore(header);
        string blob = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i * 7 % 26))));
        foreach (ICookieStore store in new ICookieStore[] { spanStore, stringStore })
        {
            IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, s_options);
            session.Data["blob"] = blob;
            await session.SaveAsync();
        }

        // Seals differ (each has its own IV), so compare everything but the value, then the values by what they hold.
        spanStore.SetCookieHeaders.Select(Shape).ShouldBe(stringStore.SetCookieHeaders.Select(Shape));
        foreach (IReadOnlyList<string> sent in new[] { spanStore.SetCookieHeaders, stringStore.SetCookieHeaders })
        {
            string next = string.Join("; ", sent.Where(h => !h.Contains("Max-Age=0;", StringComparison.Ordinal)).Select(h => h[..h.IndexOf(';', StringComparison.Ordinal)]));
            IronSession<JsonObject> reread = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(next), s_options);
            ((string?)reread.Data["blob"]).ShouldBe(blob);
        }

        static string Shape(string setCookie)
        {
            int equals = setCookie.IndexOf('=', StringComparison.Ordinal);
            int semicolon = setCookie.IndexOf(';', StringComparison.Ordinal);
            return $"{setCookie[..equals]} ({semicolon - equals - 1} characters){setCookie[semicolon..]}";
        }
    }

    [Test]
    public async Task A_save_near_the_end_of_an_absolute_lifetime_sends_its_shorter_Max_Age_both_ways()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        IronSessionOptions options = s_options with { AbsoluteLifetime = TimeSpan.FromHours(1), TimeProvider = clock };
        var first = new HeaderCookieStore(null);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(first, options);
        session.Data["n"] = 1;
        await session.SaveAsync();
        string cookie = first.SetCookieHeaders[0][..first.SetCookieHeaders[0].IndexOf(';', StringComparison.Ordinal)];

        clock.Advance(TimeSpan.FromMinutes(50));
        var spanStore = new HeaderCookieStore(cookie);
        var stringStore = new RequiredMembersStore(cookie);
        foreach (ICookieStore store in new ICookieStore[] { spanStore, stringStore })
        {
            IronSession<JsonObject> later = await IronSession.GetAsync<JsonObject>(store, options);
            later.Data["n"] = 2;
            await later.SaveAsync();
        }

        spanStore.SetCookieHeaders.Single().ShouldContain("; Max-Age=600;");
        stringStore.SetCookieHeaders.Single().ShouldContain("; Max-Age=600;");
    }

    [Test]
    public void The_interface_default_passes_the_same_text_to_the_string_Set()
    {
        ICookieStore store = new RequiredMembersStore(null);
        var attributes = new CookieAttributes { Path = "/", HttpOnly = true };

        store.Set("c", "xx-a b%-yy".AsSpan(3, 5), attributes);

        ((RequiredMembersStore)store).SetCookieHeaders.ShouldBe(["c=a%20b%25-; Path=/; HttpOnly"]);
    }
}
