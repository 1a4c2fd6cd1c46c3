using System.Text.Json.Nodes;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Sessions;

/// <summary>
/// Sessions read a store's <see cref="ICookieStore.RequestCookieHeader"/> in place when it offers one and call
/// <see cref="ICookieStore.Get"/> otherwise: both ways must find the same seal and expire the same stale chunks.
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
    public void Both_ways_find_the_same_seal(string? header, string expected)
    {
        Read(new HeaderCookieStore(header)).ShouldBe(expected);
        Read(new RequiredMembersStore(header)).ShouldBe(expected);
    }

    [Test]
    public void Both_ways_agree_on_random_headers()
    {
        string[] names = ["session", "session.0", "session.1", "session.2", "session.3", "session.", "sessions", "x.session.0", "other"];
        string[] values = ["", "a", "b%20c", "%", "\"q\"", "x y", "session.0", "Fe26.2**1*s", "%E2%82%AC", " pad "];
        var random = new Random(20261129);
        for (int run = 0; run < 5_000; run++)
        {
            string header = string.Join(
                random.Next(2) == 0 ? "; " : ";",
                Enumerable.Range(0, random.Next(0, 6)).Select(_ => $"{names[random.Next(names.Length)]}={values[random.Next(values.Length)]}"));

            Read(new HeaderCookieStore(header)).ShouldBe(Read(new RequiredMembersStore(header)), header);
        }
    }

    [Test]
    public void Both_ways_agree_on_random_h3_headers()
    {
        string[] names = ["h3", "h3.1", "h3.2", "h3.3", "h3.", "h3s", "other"];
        string[] values = ["", "a", "b%20c", "__chunked__2", "__chunked__3", "__chunked__ 2", "__chunked__x", "%5F_chunked__2", "Fe26.2**1*s"];
        var random = new Random(29112026);
        for (int run = 0; run < 5_000; run++)
        {
            string header = string.Join(
                "; ", Enumerable.Range(0, random.Next(0, 6)).Select(_ => $"{names[random.Next(names.Length)]}={values[random.Next(values.Length)]}"));

            foreach (bool chunked in new[] { false, true })
            {
                SessionCookies.ReadH3(new HeaderCookieStore(header), "h3", chunked).ToString()
                    .ShouldBe(SessionCookies.ReadH3(new RequiredMembersStore(header), "h3", chunked).ToString(), $"{header}, chunked {chunked}");
            }
        }
    }

    [TestCase("h3=__chunked__2; h3.1=ab; h3.2=cd", true, "abcd")]
    [TestCase("h3=__chunked__ 2; h3.1=ab; h3.2=cd", true, "abcd")]
    [TestCase("h3=__chunked__2x; h3.1=ab; h3.2=cd", true, "abcd")]
    [TestCase("h3=__chunked__3; h3.1=ab; h3.3=ef", true, "")]
    [TestCase("h3=__chunked__0; h3.1=ab", true, "")]
    [TestCase("h3=__chunked__101; h3.1=ab", true, "")]
    [TestCase("h3=__chunked__x; h3.1=ab", true, "")]
    [TestCase("h3=__chunked__2; h3.1=ab; h3.2=cd", false, "__chunked__2")]
    [TestCase("h3=Fe26.2**x", true, "Fe26.2**x")]
    public void H3_chunks_are_joined_as_h3_joins_them(string header, bool chunked, string expected)
    {
        SessionCookies.ReadH3(new HeaderCookieStore(header), "h3", chunked).ToString().ShouldBe(expected);
        SessionCookies.ReadH3(new RequiredMembersStore(header), "h3", chunked).ToString().ShouldBe(expected);
    }

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
    public async Task A_percent_encoded_seal_opens_both_ways()
    {
        var writer = new HeaderCookieStore(null);
        IronSession<JsonObject> written = await IronSession.GetAsync<JsonObject>(writer, s_options);
        written.Data["user"] = "ada";
        await written.SaveAsync();
        string seal = writer.SetCookieHeaders[0].Split(';')[0]["session=".Length..];
        string header = "theme=dark; session=" + seal.Replace("*", "%2A", StringComparison.Ordinal);

        foreach (ICookieStore store in new ICookieStore[] { new HeaderCookieStore(header), new RequiredMembersStore(header) })
        {
            (await IronSession.GetAsync<JsonObject>(store, s_options)).Data["user"]!.GetValue<string>().ShouldBe("ada");
        }
    }

    [TestCase("session=old")]
    [TestCase("session=old; session.0=a; session.2=c")]
    [TestCase("session.0=a; session.1=b")]
    [TestCase("theme=session.0; mysession.0=x")]
    [TestCase("")]
    public async Task Both_ways_expire_the_same_stale_cookies(string header)
    {
        foreach (int length in new[] { 10, 6_000 })
        {
            var withHeader = new HeaderCookieStore(header);
            var getOnly = new RequiredMembersStore(header);
            foreach (ICookieStore store in new ICookieStore[] { withHeader, getOnly })
            {
                await SaveBlob(store, length);
            }

            Names(withHeader.SetCookieHeaders).ShouldBe(Names(getOnly.SetCookieHeaders), $"{header}, {length} characters");
        }

        static string[] Names(IEnumerable<string> headers) =>
            [.. headers.Select(h => h.Contains("Max-Age=0;", StringComparison.Ordinal) ? "expire " + h[..h.IndexOf('=', StringComparison.Ordinal)] : "set " + h[..h.IndexOf('=', StringComparison.Ordinal)])];
    }

    /// <summary>A store that offers its header and counts the calls to Get that sessions should no longer make.</summary>
    private sealed class CountingStore(string header) : ICookieStore
    {
        private readonly HeaderCookieStore _inner = new(header);

        public int Gets { get; private set; }

        public string? RequestCookieHeader => header;

        public string? Get(string name)
        {
            Gets++;
            return _inner.Get(name);
        }

        public void Set(string name, string value, CookieAttributes attributes) => _inner.Set(name, value, attributes);
    }

    [TestCase("session=abc")]
    [TestCase("session.0=a; session.1=b; session.2=c")]
    [TestCase("session=; session.3=d")]
    [TestCase("")]
    public async Task With_a_header_sessions_never_call_Get(string header)
    {
        foreach (int length in new[] { 10, 6_000 })
        {
            var store = new CountingStore(header);
            (await SaveBlob(store, length)).Destroy();

            var h3Store = new CountingStore(header.Replace("session", "h3", StringComparison.Ordinal));
            var h3Options = new H3SessionOptions { Name = "h3", Password = TestPasswords.One, Version = H3Version.V2 };
            H3Session<JsonObject> h3 = await H3Session.GetAsync<JsonObject>(h3Store, h3Options);
            h3.Data["blob"] = new string('y', length);
            await h3.SaveAsync();
            h3.Clear();

            store.Gets.ShouldBe(0, $"{header}, {length}");
            h3Store.Gets.ShouldBe(0, $"{header}, {length} (h3)");
        }
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
