using System.Text.Json.Nodes;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Sessions;

/// <summary>
/// Sessions read every cookie from the store's <see cref="ICookieStore.RequestCookieHeader"/>, in place: they find the
/// seal as iron-session and h3 find it, and expire exactly the stale chunks the request carries.
/// </summary>
public sealed class RequestCookieHeaderTests
{
    private static readonly IronSessionOptions s_options = new() { CookieName = "session", Password = TestPasswords.One, Chunking = true };

    /// <summary>Reads the session through <paramref name="store"/> and saves it with a blob of <paramref name="length"/> characters (over 4 KB: chunks).</summary>
    private static async Task<IronSession<JsonObject>> SaveBlob(ICookieStore store, int length)
    {
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, s_options);
        session.Data["blob"] = new string('y', length);
        await session.SaveAsync();
        return session;
    }

    private static string Read(ICookieStore store) => SessionCookies.ReadSeal(store, IronSessionFormat.For(s_options)).ToString();

    [TestCase("session=abc", "abc")]
    [TestCase("session=Fe26.2%2A%2A1%2Ax", "Fe26.2**1*x")]
    [TestCase("session=%zz", "%zz")]
    [TestCase("other=1; session=first; session=second", "first")]
    [TestCase("  session =  spaced  ; x=1", "spaced")]
    [TestCase("session=\"quoted\"", "\"quoted\"")]
    [TestCase("session=; session.0=x; session.1=y", "xy")]
    [TestCase("session.0=x; session.1=y; session.3=z", "xy")]
    [TestCase("session.1=y", "")]
    [TestCase("mysession=1; session.x=2; sessions=3", "")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public void The_seal_is_found_as_iron_session_finds_it(string? header, string expected) =>
        Read(new HeaderCookieStore(header)).ShouldBe(expected);

    [TestCase("h3=__chunked__2; h3.1=ab; h3.2=cd", true, "abcd")]
    [TestCase("h3=__chunked__ 2; h3.1=ab; h3.2=cd", true, "abcd")]
    [TestCase("h3=__chunked__2x; h3.1=ab; h3.2=cd", true, "abcd")]
    [TestCase("h3=__chunked__3; h3.1=ab; h3.3=ef", true, "")]
    [TestCase("h3=__chunked__0; h3.1=ab", true, "")]
    [TestCase("h3=__chunked__101; h3.1=ab", true, "")]
    [TestCase("h3=__chunked__x; h3.1=ab", true, "")]
    [TestCase("h3=__chunked__2; h3.1=ab; h3.2=cd", false, "__chunked__2")]
    [TestCase("h3=Fe26.2**x", true, "Fe26.2**x")]
    public void H3_chunks_are_joined_as_h3_joins_them(string header, bool chunked, string expected) =>
        SessionCookies.ReadH3(new HeaderCookieStore(header), "h3", chunked).ToString().ShouldBe(expected);

    [Test]
    public async Task A_missing_h3_chunk_is_no_session_not_a_refused_one()
    {
        var refused = new List<SealException>();
        var options = new H3SessionOptions { Name = "h3", Password = TestPasswords.One, Version = H3Version.V2, OnUnsealError = refused.Add };
        var writer = new HeaderCookieStore(null);
        H3Session<JsonObject> written = await H3Session.GetAsync<JsonObject>(writer, options);
        written.Data["blob"] = new string('z', 9_000);
        await written.SaveAsync();
        var jar = new BrowserJar();
        jar.Apply(writer.SetCookieHeaders);
        jar.Cookies.Keys.ShouldContain("h3.3");
        string withoutSecond = string.Join("; ", jar.Cookies.Where(c => c.Key != "h3.2").Select(c => $"{c.Key}={c.Value}"));

        H3Session<JsonObject> read = await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(withoutSecond), options);

        read.IsNew.ShouldBeTrue();
        refused.ShouldBeEmpty();
        (await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), options)).Data["blob"]!.GetValue<string>().Length.ShouldBe(9_000);
    }

    [Test]
    public async Task A_percent_encoded_seal_opens()
    {
        var writer = new HeaderCookieStore(null);
        IronSession<JsonObject> written = await IronSession.GetAsync<JsonObject>(writer, s_options);
        written.Data["user"] = "ada";
        await written.SaveAsync();
        string seal = writer.SetCookieHeaders[0].Split(';')[0]["session=".Length..];
        string header = "theme=dark; session=" + seal.Replace("*", "%2A", StringComparison.Ordinal);

        (await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(header), s_options)).Data["user"]!.GetValue<string>().ShouldBe("ada");
    }

    [TestCase("session=old", "set session")]
    [TestCase("session=old; session.0=a; session.2=c", "set session, expire session.0, expire session.2")]
    [TestCase("session.0=a; session.1=b", "set session, expire session.0, expire session.1")]
    [TestCase("theme=session.0; mysession.0=x", "set session")] // the chunk prefix is in the header, but no chunk cookie
    [TestCase("", "set session")]
    public async Task A_save_of_one_cookie_expires_exactly_the_stale_cookies_the_request_carries(string header, string expected)
    {
        var store = new HeaderCookieStore(header);
        await SaveBlob(store, 10);

        string.Join(", ", store.SetCookieHeaders.Select(h => (h.Contains("Max-Age=0;", StringComparison.Ordinal) ? "expire " : "set ") + h[..h.IndexOf('=', StringComparison.Ordinal)]))
            .ShouldBe(expected);
    }

    [Test]
    public async Task A_stale_chunk_is_expired_when_the_header_has_one()
    {
        var store = new HeaderCookieStore("session=old; session.2=c");
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, s_options);
        await session.SaveAsync();

        store.SetCookieHeaders.Skip(1).ShouldBe(["session.2=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax"]);
    }
}
