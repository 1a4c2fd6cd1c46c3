using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

/// <summary>
/// Sessions hand a seal to the store as characters (<see cref="ICookieStore.Set"/>), whole or chunked, from a stack
/// buffer or a pooled one: what the store is given must open, and the span serializer writes what the string one writes.
/// </summary>
public sealed class SpanCookieValueTests
{
    private static readonly IronSessionOptions s_options = new() { CookieName = "session", Password = TestPasswords.One, Chunking = true };

    [TestCase(10, "")]
    [TestCase(700, "")] // a seal over the 1,024 characters a save keeps on the stack
    [TestCase(6_000, "")] // two chunks
    [TestCase(6_000, "session=old; session.0=a; session.1=b; session.2=c")] // two chunks, and stale ones to expire
    [TestCase(10, "session.0=a; session.1=b")]
    public async Task What_a_save_hands_the_store_opens_again(int length, string header)
    {
        var store = new HeaderCookieStore(header);
        string blob = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i * 7 % 26))));
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, s_options);
        session.Data["blob"] = blob;
        await session.SaveAsync();

        string next = string.Join("; ", store.SetCookieHeaders.Where(h => !h.Contains("Max-Age=0;", StringComparison.Ordinal)).Select(h => h[..h.IndexOf(';', StringComparison.Ordinal)]));
        IronSession<JsonObject> reread = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(next), s_options);
        ((string?)reread.Data["blob"]).ShouldBe(blob);
    }

    [Test]
    public async Task A_save_near_the_end_of_an_absolute_lifetime_sends_its_shorter_Max_Age()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        IronSessionOptions options = s_options with { AbsoluteLifetime = TimeSpan.FromHours(1), TimeProvider = clock };
        var first = new HeaderCookieStore(null);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(first, options);
        session.Data["n"] = 1;
        await session.SaveAsync();
        string cookie = first.SetCookieHeaders[0][..first.SetCookieHeaders[0].IndexOf(';', StringComparison.Ordinal)];

        clock.Advance(TimeSpan.FromMinutes(50));
        var store = new HeaderCookieStore(cookie);
        IronSession<JsonObject> later = await IronSession.GetAsync<JsonObject>(store, options);
        later.Data["n"] = 2;
        await later.SaveAsync();

        store.SetCookieHeaders.Single().ShouldContain("; Max-Age=600;");
    }

    [Test]
    public void The_span_serializer_writes_what_the_string_one_writes()
    {
        var attributes = new CookieAttributes { Path = "/", HttpOnly = true };

        CookieSerializer.Serialize("c", "xx-a b%-yy".AsSpan(3, 5), attributes).ShouldBe(CookieSerializer.Serialize("c", "a b%-", attributes));
        CookieSerializer.Serialize("c", "xx-a b%-yy".AsSpan(3, 5), attributes).ShouldBe("c=a%20b%25-; Path=/; HttpOnly");
    }
}
