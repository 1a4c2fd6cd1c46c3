using System.Text;

namespace IronSeal.Tests.Cookies;

/// <summary>The cases of jshttp/cookie's own stringifySetCookie suite, restated as data, plus IronSeal's stricter rules.</summary>
public sealed class CookieSerializerTests
{
    private const string CookieOctets = "!#$&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    private static string? ParamNameOf(Action action) => Should.Throw<ArgumentException>(action).ParamName;

    [Test]
    public void Name_and_value() => CookieSerializer.Serialize("foo", "bar").ShouldBe("foo=bar");

    [TestCase("bar +baz", "bar%20%2Bbaz")]
    [TestCase("100%", "100%25")]
    [TestCase("", "")]
    [TestCase(CookieOctets, CookieOctets)]
    [TestCase("a=b", "a=b")]
    [TestCase("a=b c", "a%3Db%20c")]
    [TestCase("é", "%C3%A9")]
    [TestCase("😀", "%F0%9F%98%80")]
    [TestCase("\u007f", "%7F")]
    [TestCase("!'()*", "!'()*")]
    [TestCase("a\"b", "a%22b")]
    [TestCase("a,b;c\\d", "a%2Cb%3Bc%5Cd")]
    [TestCase("\r\n", "%0D%0A")]
    public void The_default_encoder_leaves_safe_values_alone_and_encodes_the_rest_whole(string value, string expected) =>
        CookieSerializer.Serialize("foo", value).ShouldBe("foo=" + expected);

    [TestCase("bar +baz")]
    [TestCase("100%")]
    [TestCase("")]
    [TestCase(CookieOctets)]
    [TestCase("a=b c")]
    [TestCase("é")]
    [TestCase("😀")]
    [TestCase("\u007f")]
    [TestCase("a,b;c\\d")]
    [TestCase("\r\n")]
    public void The_span_overload_writes_what_the_string_overload_writes(string value)
    {
        var attributes = new CookieAttributes { MaxAge = TimeSpan.FromSeconds(60), Path = "/", HttpOnly = true, Secure = true, SameSite = SameSite.Lax };
        string padded = "<" + value + ">";

        CookieSerializer.Serialize("foo", padded.AsSpan(1, value.Length), attributes).ShouldBe(CookieSerializer.Serialize("foo", value, attributes));
        CookieSerializer.Serialize("foo", padded.AsSpan(1, value.Length)).ShouldBe(CookieSerializer.Serialize("foo", value));
    }

    [TestCase("Fe26.2**1*abc~2", 15)]
    [TestCase("", 0)]
    [TestCase("é a", 10)] // %C3%A9%20a
    [TestCase("100%", 6)]
    public void The_encoded_byte_count_is_the_length_of_what_the_header_carries(string value, int bytes)
    {
        CookieSerializer.EncodedByteCount(value).ShouldBe(bytes);
        Encoding.UTF8.GetByteCount(CookieSerializer.Encode(value)).ShouldBe(bytes);
    }

    [Test]
    public void The_span_overload_agrees_on_random_values_and_refuses_what_the_string_overload_refuses()
    {
        const string alphabet = "aZ09-_.*~!'()%;,\" \t\r\n\u007f\u00e9\u20ac\ud83d\ude00\ud800=+/";
        var random = new Random(112026);
        for (int run = 0; run < 5_000; run++)
        {
            string value = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            string? expected = Outcome(() => CookieSerializer.Serialize("n", value));
            Outcome(() => CookieSerializer.Serialize("n", value.AsSpan())).ShouldBe(expected, value);
        }

        ParamNameOf(() => CookieSerializer.Serialize("bad name", "v".AsSpan())).ShouldBe("name");
        ParamNameOf(() => CookieSerializer.Serialize("n", "v".AsSpan(), new CookieAttributes { SameSite = SameSite.None })).ShouldBe("Secure");

        static string? Outcome(Func<string> serialize)
        {
            try
            {
                return serialize();
            }
            catch (ArgumentException exception)
            {
                return "refused: " + exception.Message;
            }
        }
    }

    [Test]
    public void A_null_value_is_empty_and_skips_the_encoder() =>
        CookieSerializer.Serialize("foo", null, null, _ => throw new InvalidOperationException("not called")).ShouldBe("foo=");

    [Test]
    public void A_lone_surrogate_cannot_be_encoded() =>
        ParamNameOf(() => CookieSerializer.Serialize("foo", "a\ud800")).ShouldBe("value");

    [TestCase("foo")]
    [TestCase("foo,bar")]
    [TestCase("foo!bar")]
    [TestCase("foo#bar")]
    [TestCase("foo$bar")]
    [TestCase("foo'bar")]
    [TestCase("foo*bar")]
    [TestCase("foo+bar")]
    [TestCase("foo-bar")]
    [TestCase("foo.bar")]
    [TestCase("foo^bar")]
    [TestCase("foo_bar")]
    [TestCase("foo`bar")]
    [TestCase("foo|bar")]
    [TestCase("foo~bar")]
    [TestCase("foo7bar")]
    [TestCase("foo/bar")]
    [TestCase("foo@bar")]
    [TestCase("foo[bar")]
    [TestCase("foo]bar")]
    [TestCase("foo:bar")]
    [TestCase("foo{bar")]
    [TestCase("foo}bar")]
    [TestCase("foo\"bar")]
    [TestCase("foo<bar")]
    [TestCase("foo>bar")]
    [TestCase("foo?bar")]
    [TestCase("foo\\bar")]
    public void Printable_names_are_written(string name) => CookieSerializer.Serialize(name, "baz").ShouldBe(name + "=baz");

    [TestCase("foo\n")]
    [TestCase("foo\u280a")]
    [TestCase("foo=bar")]
    [TestCase("foo;bar")]
    [TestCase("foo bar")]
    [TestCase("foo\tbar")]
    [TestCase("")]
    [TestCase("foo\u007f")]
    public void Invalid_names_are_refused(string name) => ParamNameOf(() => CookieSerializer.Serialize(name, "bar")).ShouldBe("name");

    [TestCase("example.com")]
    [TestCase("sub.example.com")]
    [TestCase(".example.com")]
    [TestCase("localhost")]
    [TestCase(".localhost")]
    [TestCase("my-site.org")]
    [TestCase("127.0.0.1")]
    [TestCase("EXAMPLE.com")]
    public void Domains_are_written_as_given(string domain) =>
        CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Domain = domain }).ShouldBe("foo=bar; Domain=" + domain);

    [TestCase("example.com\n")]
    [TestCase("sub.example.com\u0000")]
    [TestCase("my site.org")]
    [TestCase("domain..com")]
    [TestCase("example.com; Path=/")]
    [TestCase("example.com /* inject a comment */")]
    [TestCase("example.com.")]
    [TestCase("-example.com")]
    [TestCase("ex_ample.com")]
    [TestCase("example.com:8080")]
    [TestCase("[::1]")]
    [TestCase("exämple.com")]
    public void Invalid_domains_are_refused(string domain) =>
        ParamNameOf(() => CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Domain = domain })).ShouldBe("Domain");

    [Test]
    public void An_empty_domain_or_path_is_not_written() =>
        CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Domain = "", Path = "" }).ShouldBe("foo=bar");

    [Test]
    public void A_custom_encoder_replaces_the_default() =>
        CookieSerializer.Serialize("foo", "bar", null, v => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(v))).ShouldBe("foo=YmFy");

    [Test]
    public void A_custom_encoder_is_applied_to_an_empty_value() =>
        CookieSerializer.Serialize("foo", "", null, v => "[" + v + "]").ShouldBe("foo=[]");

    [TestCase("foo=bar")]
    [TestCase("foo\"bar")]
    [TestCase("foo,bar")]
    [TestCase("foo\\bar")]
    [TestCase("foo$bar")]
    public void A_custom_encoders_printable_output_is_written(string value) =>
        CookieSerializer.Serialize("foo", value, null, v => v).ShouldBe("foo=" + value);

    [TestCase("+\n")]
    [TestCase("foo bar")]
    [TestCase("foo\tbar")]
    [TestCase("foo;bar")]
    [TestCase("foo\u280a")]
    [TestCase("foo\r\nSet-Cookie: evil=1")]
    public void A_custom_encoders_unsafe_output_is_refused(string value) =>
        ParamNameOf(() => CookieSerializer.Serialize("foo", value, null, v => v)).ShouldBe("value");

    [Test]
    public void Expires_is_an_imf_fixdate_in_utc_without_milliseconds() =>
        CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Expires = new DateTimeOffset(2000, 12, 24, 12, 30, 59, 900, TimeSpan.FromHours(2)) })
            .ShouldBe("foo=bar; Expires=Sun, 24 Dec 2000 10:30:59 GMT");

    [Test]
    public void Expires_before_1601_is_refused() =>
        ParamNameOf(() => CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Expires = new DateTimeOffset(1600, 12, 31, 23, 59, 59, TimeSpan.Zero) }))
            .ShouldBe("Expires");

    [TestCase(1000, "1000")]
    [TestCase(0, "0")]
    [TestCase(-30, "-30")]
    [TestCase(2147483647, "2147483647")]
    public void MaxAge_is_whole_seconds(long seconds, string expected) =>
        CookieSerializer.Serialize("foo", "bar", new CookieAttributes { MaxAge = TimeSpan.FromSeconds(seconds) }).ShouldBe("foo=bar; Max-Age=" + expected);

    [Test]
    public void A_fractional_MaxAge_is_refused() =>
        ParamNameOf(() => CookieSerializer.Serialize("foo", "bar", new CookieAttributes { MaxAge = TimeSpan.FromSeconds(3.14) })).ShouldBe("MaxAge");

    [TestCase("/")]
    [TestCase("/login")]
    [TestCase("/foo.bar/baz")]
    [TestCase("/foo-bar")]
    [TestCase("/foo=bar?baz")]
    [TestCase("/foo\"bar\"")]
    [TestCase("/../foo/bar")]
    [TestCase("../foo/")]
    [TestCase("./")]
    [TestCase("/a b")]
    public void Paths_are_written_as_given(string path) =>
        CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Path = path }).ShouldBe("foo=bar; Path=" + path);

    [TestCase("/\n")]
    [TestCase("/foo\u0000")]
    [TestCase("/path/with\rnewline")]
    [TestCase("/; Path=/sensitive-data")]
    [TestCase("/login\"><script>alert(1)</script>")]
    [TestCase("/\t")]
    [TestCase("/é")]
    public void Invalid_paths_are_refused(string path) =>
        ParamNameOf(() => CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Path = path })).ShouldBe("Path");

    [Test]
    public void Enabled_flags_are_written() =>
        CookieSerializer.Serialize("foo", "bar", new CookieAttributes { HttpOnly = true, Secure = true, Partitioned = true })
            .ShouldBe("foo=bar; HttpOnly; Secure; Partitioned");

    [Test]
    public void Disabled_flags_are_not_written() =>
        CookieSerializer.Serialize("foo", "bar", new CookieAttributes()).ShouldBe("foo=bar");

    [TestCase(CookiePriority.Low, "Low")]
    [TestCase(CookiePriority.Medium, "Medium")]
    [TestCase(CookiePriority.High, "High")]
    public void Priority_is_written(CookiePriority priority, string expected) =>
        CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Priority = priority }).ShouldBe("foo=bar; Priority=" + expected);

    [TestCase(SameSite.Strict, "Strict")]
    [TestCase(SameSite.Lax, "Lax")]
    public void SameSite_is_written(SameSite sameSite, string expected) =>
        CookieSerializer.Serialize("foo", "bar", new CookieAttributes { SameSite = sameSite }).ShouldBe("foo=bar; SameSite=" + expected);

    [Test]
    public void Undefined_enum_values_are_refused()
    {
        ParamNameOf(() => CookieSerializer.Serialize("foo", "bar", new CookieAttributes { SameSite = (SameSite)42 })).ShouldBe("SameSite");
        ParamNameOf(() => CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Priority = (CookiePriority)42 })).ShouldBe("Priority");
    }

    [Test]
    public void Attributes_come_in_the_fixed_order()
    {
        var attributes = new CookieAttributes
        {
            SameSite = SameSite.None,
            Priority = CookiePriority.High,
            Partitioned = true,
            Secure = true,
            HttpOnly = true,
            Expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Path = "/",
            Domain = "example.com",
            MaxAge = TimeSpan.FromSeconds(60),
        };

        CookieSerializer.Serialize("sid", "v", attributes).ShouldBe(
            "sid=v; Max-Age=60; Domain=example.com; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=None");
    }

    [Test]
    public void The_iron_session_default_cookie_is_written_byte_for_byte()
    {
        string seal = "Fe26.2*1*abc*def*ghi*1700000000000*jkl*mno~2";
        var attributes = new CookieAttributes { MaxAge = TimeSpan.FromSeconds(1_209_540), Path = "/", HttpOnly = true, Secure = true, SameSite = SameSite.Lax };

        CookieSerializer.Serialize("sid", seal, attributes).ShouldBe($"sid={seal}; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax");
    }

    [Test]
    public void SameSite_None_without_Secure_is_refused_with_what_to_add()
    {
        var exception = Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("foo", "bar", new CookieAttributes { SameSite = SameSite.None }));

        exception.ParamName.ShouldBe("Secure");
        exception.Message.ShouldContain("Secure = true");
    }

    [Test]
    public void Partitioned_without_Secure_is_refused() =>
        ParamNameOf(() => CookieSerializer.Serialize("foo", "bar", new CookieAttributes { Partitioned = true })).ShouldBe("Secure");

    [TestCase("__Secure-id")]
    [TestCase("__secure-id")]
    public void A_Secure_prefix_without_Secure_is_refused(string name) =>
        ParamNameOf(() => CookieSerializer.Serialize(name, "bar", new CookieAttributes { Path = "/" })).ShouldBe("Secure");

    [Test]
    public void A_Host_prefix_needs_Secure_no_Domain_and_Path_slash()
    {
        ParamNameOf(() => CookieSerializer.Serialize("__Host-id", "1", new CookieAttributes { Path = "/" })).ShouldBe("Secure");
        ParamNameOf(() => CookieSerializer.Serialize("__Host-id", "1", new CookieAttributes { Secure = true, Path = "/", Domain = "example.com" })).ShouldBe("Domain");
        ParamNameOf(() => CookieSerializer.Serialize("__HOST-id", "1", new CookieAttributes { Secure = true, Path = "/app" })).ShouldBe("Path");
        ParamNameOf(() => CookieSerializer.Serialize("__Host-id", "1", new CookieAttributes { Secure = true })).ShouldBe("Path");
        CookieSerializer.Serialize("__Host-id", "1", new CookieAttributes { Secure = true, Path = "/" }).ShouldBe("__Host-id=1; Path=/; Secure");
    }

    [Test]
    public void Error_messages_show_control_characters_escaped() =>
        Should.Throw<ArgumentException>(() => CookieSerializer.Serialize("a\r\nb", "x")).Message.ShouldContain("a\\u000d\\u000ab");

    [Test]
    public void Parse_of_Serialize_gives_back_every_value_for_every_valid_name()
    {
        var random = new Random(4764);
        string printable = string.Concat(Enumerable.Range(0x21, 0x5E).Select(c => (char)c)).Replace(";", "", StringComparison.Ordinal).Replace("=", "", StringComparison.Ordinal);
        for (int i = 0; i < 10_000; i++)
        {
            string name = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => printable[random.Next(printable.Length)]));
            string value = Support.RandomJson.Text(random, 0, 30);

            string header = CookieSerializer.Serialize(name, value);
            string pair = header; // no attributes: the whole header is the pair

            CookieParser.Parse(pair)[name].ShouldBe(value, $"name {name}, value {value}, header {header}");
        }
    }
}
