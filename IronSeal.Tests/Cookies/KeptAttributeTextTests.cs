namespace IronSeal.Tests.Cookies;

/// <summary>
/// CookieSerializer keeps the attribute text of the last CookieAttributes instance a thread wrote: a header built from
/// the kept text must be the header written out in full, and the rules that involve the name must still hold.
/// </summary>
public sealed class KeptAttributeTextTests
{
    private static readonly CookieAttributes s_session = new()
    {
        MaxAge = TimeSpan.FromSeconds(1209540), Path = "/", HttpOnly = true, Secure = true, SameSite = SameSite.Lax,
    };

    [Test]
    public void A_repeated_instance_writes_what_writing_every_attribute_writes()
    {
        string first = CookieSerializer.Serialize("session", "Fe26.2**1*a", s_session);
        string second = CookieSerializer.Serialize("other", "v 2", s_session);

        first.ShouldBe(CookieSerializer.WriteEveryAttribute("session", "Fe26.2**1*a", s_session, keep: false));
        first.ShouldBe("session=Fe26.2**1*a; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax");
        second.ShouldBe("other=v%202; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax");
    }

    [Test]
    public void Instances_written_in_turn_each_get_their_own_text()
    {
        CookieAttributes expire = s_session with { MaxAge = TimeSpan.Zero };
        CookieAttributes equalCopy = s_session with { };

        for (int round = 0; round < 3; round++)
        {
            CookieSerializer.Serialize("s", "v", s_session).ShouldBe("s=v; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax");
            CookieSerializer.Serialize("s", "", expire).ShouldBe("s=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax");
            CookieSerializer.Serialize("s", "v", equalCopy).ShouldBe("s=v; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax");
            CookieSerializer.Serialize("s", "v", null).ShouldBe("s=v");
        }
    }

    [Test]
    public void A_name_that_the_kept_attributes_do_not_allow_is_still_refused()
    {
        var plain = new CookieAttributes { Path = "/app", HttpOnly = true };
        CookieSerializer.Serialize("session", "v", plain).ShouldBe("session=v; Path=/app; HttpOnly");

        Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("__Secure-session", "v", plain)).ParamName.ShouldBe("Secure");
        var secure = new CookieAttributes { Path = "/app", Secure = true };
        CookieSerializer.Serialize("session", "v", secure).ShouldBe("session=v; Path=/app; Secure");
        Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("__Host-session", "v", secure)).ParamName.ShouldBe("Path");
        CookieSerializer.Serialize("__Secure-session", "v", secure).ShouldBe("__Secure-session=v; Path=/app; Secure");
        Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("bad name", "v", plain)).ParamName.ShouldBe("name");
        CookieSerializer.Serialize("session", "v", plain).ShouldBe("session=v; Path=/app; HttpOnly");
    }

    [Test]
    public void Attributes_that_failed_are_not_kept()
    {
        var noSecure = new CookieAttributes { SameSite = SameSite.None };

        Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("s", "v", noSecure));
        Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("s", "v", noSecure));
    }

    [Test]
    public async Task Each_thread_keeps_its_own_text()
    {
        CookieAttributes[] attributes = [.. Enumerable.Range(1, 8).Select(i => s_session with { MaxAge = TimeSpan.FromSeconds(i) })];

        string[][] results = await Task.WhenAll(attributes.Select(a => Task.Run(() =>
            Enumerable.Range(0, 2_000).Select(_ => CookieSerializer.Serialize("s", "v", a)).Distinct().ToArray())));

        for (int i = 0; i < attributes.Length; i++)
        {
            results[i].ShouldBe([$"s=v; Max-Age={i + 1}; Path=/; HttpOnly; Secure; SameSite=Lax"]);
        }
    }
}
