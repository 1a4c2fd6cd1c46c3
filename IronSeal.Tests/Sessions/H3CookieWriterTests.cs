using System.Text;
using System.Text.Json.Nodes;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Sessions;

/// <summary>
/// The h3 cookie writer and clearer without Node: h3 1.x's one cookie and its size limit, h3 2.x's
/// <c>__chunked__N</c> layout, the chunks a smaller save or a clear expires, and the seal size IronSeal reads back.
/// </summary>
public sealed class H3CookieWriterTests
{
    private static H3SessionOptions Options(H3Version version, string name = "h3") =>
        new() { Name = name, Password = TestPasswords.One, Version = version };

    private static async Task<IReadOnlyList<string>> Save(BrowserJar jar, H3SessionOptions options, int blobLength)
    {
        var store = new HeaderCookieStore(jar.CookieHeader);
        H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(store, options);
        session.Data["blob"] = new string('y', blobLength);
        await session.SaveAsync();
        jar.Apply(store.SetCookieHeaders);
        return store.SetCookieHeaders;
    }

    /// <summary>"-name" for a cookie deleted as h3 deletes it (empty, Max-Age=0), "+name" for one set.</summary>
    private static string[] Names(IEnumerable<string> headers) =>
        [.. headers.Select(h => (h.Contains("=; Max-Age=0;", StringComparison.Ordinal) ? "-" : "+") + h[..h.IndexOf('=', StringComparison.Ordinal)])];

    [Test]
    public async Task An_h3_1_session_too_big_for_one_cookie_is_refused_with_the_size_and_a_way_out()
    {
        var jar = new BrowserJar();
        var exception = await Should.ThrowAsync<SessionCookieTooLargeException>(() => Save(jar, Options(H3Version.V1), 4_000));

        exception.CookieName.ShouldBe("h3");
        exception.Bytes.ShouldBeGreaterThan(SessionCookies.MaxCookieBytes);
        exception.Message.ShouldContain($"would be {exception.Bytes} bytes");
        exception.Message.ShouldContain("H3Version.V2");
        jar.Cookies.ShouldBeEmpty();
    }

    [Test]
    public async Task An_h3_1_cookie_of_exactly_4096_bytes_is_written()
    {
        // The seal grows in steps of whole AES blocks; varying the cookie name's length finds a header of exactly 4096 bytes.
        for (int nameLength = 1; nameLength <= 24; nameLength++)
        {
            string name = new('n', nameLength);
            for (int blob = 2_700; blob < 3_000; blob++)
            {
                var store = new HeaderCookieStore(null);
                H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(store, Options(H3Version.V1, name));
                session.Data["blob"] = new string('y', blob);
                try
                {
                    await session.SaveAsync();
                }
                catch (SessionCookieTooLargeException)
                {
                    break;
                }

                if (Encoding.UTF8.GetByteCount(store.SetCookieHeaders[0]) == SessionCookies.MaxCookieBytes)
                {
                    store.SetCookieHeaders.Count.ShouldBe(1);
                    return;
                }
            }
        }

        Assert.Fail("no cookie of exactly 4096 bytes was found to check the boundary with");
    }

    [Test]
    public async Task An_h3_2_session_is_chunked_and_a_smaller_save_expires_the_chunks_it_no_longer_uses()
    {
        var jar = new BrowserJar();

        string[] large = Names(await Save(jar, Options(H3Version.V2), 9_000));
        int many = int.Parse(jar.Cookies["h3"]["__chunked__".Length..], System.Globalization.CultureInfo.InvariantCulture);
        large.ShouldBe(["+h3", .. Enumerable.Range(1, many).Select(i => $"+h3.{i}")]);

        string[] smaller = Names(await Save(jar, Options(H3Version.V2), 4_000));
        int fewer = int.Parse(jar.Cookies["h3"]["__chunked__".Length..], System.Globalization.CultureInfo.InvariantCulture);
        fewer.ShouldBeInRange(2, many - 1);
        smaller.ShouldBe([.. Enumerable.Range(fewer + 1, many - fewer).Select(i => $"-h3.{i}"), "+h3", .. Enumerable.Range(1, fewer).Select(i => $"+h3.{i}")]);

        Names(await Save(jar, Options(H3Version.V2), 10)).ShouldBe([.. Enumerable.Range(1, fewer).Select(i => $"-h3.{i}"), "+h3"]);
        jar.Cookies.Keys.ShouldBe(["h3"]);
        (await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), Options(H3Version.V2))).Data["blob"]!.GetValue<string>().Length.ShouldBe(10);
    }

    [Test]
    public async Task Clearing_an_h3_2_session_expires_every_chunk_its_main_cookie_names()
    {
        var jar = new BrowserJar();
        await Save(jar, Options(H3Version.V2), 9_000);
        var store = new HeaderCookieStore(jar.CookieHeader);
        H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(store, Options(H3Version.V2));

        int count = int.Parse(jar.Cookies["h3"]["__chunked__".Length..], System.Globalization.CultureInfo.InvariantCulture);

        session.Clear();

        count.ShouldBeGreaterThan(1);
        Names(store.SetCookieHeaders).ShouldBe(["-h3", .. Enumerable.Range(1, count).Select(i => $"-h3.{i}")]);
    }

    [Test]
    public async Task Clearing_an_h3_1_session_writes_only_its_one_cookie()
    {
        var store = new HeaderCookieStore("h3=__chunked__2; h3.1=a; h3.2=b");
        H3Session<JsonObject> session = await H3Session.GetAsync<JsonObject>(store, Options(H3Version.V1));

        session.Clear();

        store.SetCookieHeaders.Select(h => h[..h.IndexOf('=', StringComparison.Ordinal)]).ShouldBe(["h3"]);
    }

    [Test]
    public async Task An_h3_2_seal_longer_than_IronSeal_reads_back_is_refused()
    {
        var jar = new BrowserJar();
        var exception = await Should.ThrowAsync<SessionCookieTooLargeException>(() => Save(jar, Options(H3Version.V2), SealFormat.MaxSealLength));

        exception.Bytes.ShouldBeGreaterThan(SealFormat.MaxSealLength);
        exception.Message.ShouldContain($"over the {SealFormat.MaxSealLength} characters IronSeal reads back");
        jar.Cookies.ShouldBeEmpty();
    }
}
