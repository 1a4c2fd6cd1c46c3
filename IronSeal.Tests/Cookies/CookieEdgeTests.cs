namespace IronSeal.Tests.Cookies;

/// <summary>
/// Boundaries of the cookie layer: UTF-8 in percent escapes as decodeURIComponent reads it, the limits of each
/// attribute, and the messages that tell a developer what to change.
/// </summary>
public sealed class CookieEdgeTests
{
    // Each case: decodeURIComponent's result, or the input itself where it throws a URIError (the cookie package
    // then keeps the raw value).
    [TestCase("%7F", "\u007F")]
    [TestCase("%C2%80", "\u0080")]
    [TestCase("%DF%BF", "\u07FF")]
    [TestCase("%E0%A0%80", "\u0800")]
    [TestCase("%EF%BF%BF", "\uFFFF")]
    [TestCase("%F0%90%80%80", "\U00010000")]
    [TestCase("%F4%8F%BF%BF", "\U0010FFFF")]
    [TestCase("a%C3%A9b", "aéb")]
    [TestCase("%c3%a9", "é")]
    [TestCase("%80", null)]
    [TestCase("%BF", null)]
    [TestCase("%C0%80", null)]
    [TestCase("%C1%BF", null)]
    [TestCase("%E0%80%80", null)]
    [TestCase("%ED%A0%80", null)]
    [TestCase("%F0%80%80%80", null)]
    [TestCase("%F4%90%80%80", null)]
    [TestCase("%F5%80%80%80", null)]
    [TestCase("%FF", null)]
    [TestCase("%C3", null)]
    [TestCase("%C3%28", null)]
    [TestCase("%C3A9", null)]
    [TestCase("%E0%A0", null)]
    [TestCase("%E9", null)]
    [TestCase("%4", null)]
    [TestCase("%G1", null)]
    [TestCase("%4G", null)]
    [TestCase("%%41", null)]
    [TestCase("ok%41%", null)]
    public void Percent_escapes_decode_as_decodeURIComponent_or_the_value_is_kept(string raw, string? decoded) =>
        CookieParser.Decode(raw).ShouldBe(decoded ?? raw);

    [Test]
    public void A_name_at_the_builders_stack_size_and_a_long_value_are_written_whole()
    {
        string name = new('n', 512);
        string value = new('v', 3_000);

        CookieSerializer.Serialize(name, value, new CookieAttributes { Path = "/" }).ShouldBe($"{name}={value}; Path=/");
        CookieSerializer.Serialize(new string('n', 511), "", new CookieAttributes { Path = "/" }).ShouldBe($"{new string('n', 511)}=; Path=/");
    }

    [Test]
    public void Expires_accepts_the_year_1601_and_refuses_the_year_before()
    {
        var first = new DateTimeOffset(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

        CookieSerializer.Serialize("a", "b", new CookieAttributes { Expires = first }).ShouldBe("a=b; Expires=Mon, 01 Jan 1601 00:00:00 GMT");
        ArgumentException exception = Should.Throw<ArgumentException>(() =>
            CookieSerializer.Serialize("a", "b", new CookieAttributes { Expires = first.AddTicks(-1) }));
        exception.ParamName.ShouldBe("Expires");
        exception.Message.ShouldContain("browsers accept years 1601 to 9999");
    }

    [Test]
    public void A_domain_label_may_have_63_characters_but_not_64()
    {
        string longest = new string('a', 63) + ".example.com";

        CookieSerializer.Serialize("a", "b", new CookieAttributes { Domain = longest }).ShouldEndWith("; Domain=" + longest);
        Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("a", "b", new CookieAttributes { Domain = "a" + longest }))
            .ParamName.ShouldBe("Domain");
    }

    private static IEnumerable<TestCaseData> Refusals()
    {
        yield return Refusal("a", new CookieAttributes { MaxAge = TimeSpan.FromMilliseconds(1500) }, "MaxAge", "it is written in whole seconds; round it");
        yield return Refusal("a", new CookieAttributes { Domain = "example.com:80" }, "Domain", "use a host name such as example.com");
        yield return Refusal("a", new CookieAttributes { Path = "/a;b" }, "Path", "use printable ASCII without ';' or '<'");
        yield return Refusal("a", new CookieAttributes { Priority = (CookiePriority)9 }, "Priority", "Priority 9 is not a CookiePriority value");
        yield return Refusal("a", new CookieAttributes { SameSite = (SameSite)9 }, "SameSite", "SameSite 9 is not a SameSite value");
        yield return Refusal("a", new CookieAttributes { SameSite = SameSite.None }, "Secure", "SameSite=None requires Secure");
        yield return Refusal("a", new CookieAttributes { Partitioned = true }, "Secure", "Partitioned requires Secure");
        yield return Refusal("__Secure-a", new CookieAttributes(), "Secure", "requires Secure (the __Secure- prefix)");
        yield return Refusal("__Host-a", new CookieAttributes { Path = "/" }, "Secure", "requires Secure (the __Host- prefix)");
        yield return Refusal("__Host-a", new CookieAttributes { Secure = true, Path = "/", Domain = "example.com" }, "Domain", "must not have a Domain (the __Host- prefix)");
        yield return Refusal("__Host-a", new CookieAttributes { Secure = true, Path = "/app" }, "Path", "needs Path=/ (the __Host- prefix)");
    }

    private static TestCaseData Refusal(string name, CookieAttributes attributes, string parameter, string message) =>
        new TestCaseData(name, attributes, parameter, message).SetArgDisplayNames(message);

    [TestCaseSource(nameof(Refusals))]
    public void Each_refusal_names_the_field_and_says_what_to_change(string name, CookieAttributes attributes, string parameter, string message)
    {
        ArgumentException exception = Should.Throw<ArgumentException>(() => CookieSerializer.Serialize(name, "v", attributes));

        exception.ParamName.ShouldBe(parameter);
        exception.Message.ShouldContain(message);
    }

    [Test]
    public void Messages_show_control_characters_as_escapes_and_keep_spaces()
    {
        ArgumentException exception = Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("a b\n\u007F", "v"));

        exception.ParamName.ShouldBe("name");
        exception.Message.ShouldContain("Cookie name \"a b\\u000a\\u007f\" is invalid");
    }

    [Test]
    public void An_encoder_that_returns_null_or_unsafe_text_is_refused_showing_what_it_returned()
    {
        Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("a", "v", null, _ => null!))
            .Message.ShouldContain("The encoder turned the cookie value into \"(null)\", which is not header-safe");
        Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("a", "v", null, _ => "x;y"))
            .Message.ShouldContain("into \"x;y\"");
    }

    [Test]
    public void A_lone_surrogate_cannot_be_encoded_and_the_message_says_why()
    {
        ArgumentException exception = Should.Throw<ArgumentException>(() => CookieSerializer.Encode("a\uD800"));

        exception.ParamName.ShouldBe("value");
        exception.Message.ShouldContain("lone UTF-16 surrogate");
    }
}
