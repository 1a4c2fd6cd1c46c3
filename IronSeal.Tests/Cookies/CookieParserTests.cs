namespace IronSeal.Tests.Cookies;

/// <summary>
/// The cases of jshttp/cookie's own parse suite, restated as data, plus the edges of the spec (decoding, lengths).
/// Each case: header → expected pairs ("name=value" joined by " | ", in any order).
/// </summary>
public sealed class CookieParserTests
{
    private static string Show(IReadOnlyDictionary<string, string> cookies) =>
        string.Join(" | ", cookies.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));

    [TestCase("foo=bar", "foo=bar", TestName = "A single pair")]
    [TestCase("foo=123", "foo=123", TestName = "A numeric value stays text")]
    [TestCase("FOO    = bar;   baz  =   raz", "FOO=bar | baz=raz", TestName = "Optional whitespace around names and values is ignored")]
    [TestCase("", "", TestName = "An empty header has no cookies")]
    [TestCase(" \t ", "", TestName = "A blank header has no cookies")]
    [TestCase("foo=; bar=", "bar= | foo=", TestName = "Empty values are kept")]
    [TestCase("f=", "f=", TestName = "The shortest cookie")]
    [TestCase("f=;b=", "b= | f=", TestName = "Shortest cookies without a space")]
    [TestCase("foo=\"bar=123456789&name=Magic+Mouse\"", "foo=\"bar=123456789&name=Magic+Mouse\"", TestName = "Quotes stay and plus is not a space")]
    [TestCase("email=%20%22%2c%3b%2f", "email= \",;/", TestName = "Percent escapes are decoded")]
    [TestCase("  foo  =  \"bar\"  ", "foo=\"bar\"", TestName = "Whitespace outside quotes is trimmed")]
    [TestCase("  foo  =  bar  ;  fizz  =  buzz  ", "fizz=buzz | foo=bar", TestName = "Whitespace around every pair is trimmed")]
    [TestCase(" foo = \" a b c \" ", "foo=\" a b c \"", TestName = "Whitespace inside quotes stays")]
    [TestCase(" = bar ", "=bar", TestName = "An empty name is a name")]
    [TestCase(" foo = ", "foo=", TestName = "A blank value is empty")]
    [TestCase("   =   ", "=", TestName = "Empty name and value")]
    [TestCase("\tfoo\t=\tbar\t", "foo=bar", TestName = "Tabs are trimmed")]
    [TestCase("foo=%1;bar=bar", "bar=bar | foo=%1", TestName = "A broken escape leaves the value raw")]
    [TestCase("foo=bar;fizz  ;  buzz", "foo=bar", TestName = "Segments without '=' are skipped")]
    [TestCase("  fizz; foo=  bar", "foo=bar", TestName = "A leading segment without '=' is skipped")]
    [TestCase("foo=%1;bar=bar;foo=boo", "bar=bar | foo=%1", TestName = "The first duplicate wins even when raw")]
    [TestCase("foo=false;bar=bar;foo=true", "bar=bar | foo=false", TestName = "The first duplicate wins")]
    [TestCase("foo=;bar=bar;foo=boo", "bar=bar | foo=", TestName = "An empty first duplicate wins")]
    [TestCase("toString=foo;valueOf=bar", "toString=foo | valueOf=bar", TestName = "Names of JavaScript object members are ordinary")]
    [TestCase("__proto__=x;constructor=y", "__proto__=x | constructor=y", TestName = "Prototype names are ordinary")]
    [TestCase("=", "", TestName = "A header shorter than two characters has no cookies")]
    [TestCase(" =", "=", TestName = "Two characters are enough for an empty cookie")]
    [TestCase("a=1,b=2", "a=1,b=2", TestName = "A comma does not separate")]
    [TestCase("a=b=c", "a=b=c", TestName = "Only the first '=' splits")]
    [TestCase(";;;a=1;;;", "a=1", TestName = "Runs of ';' are harmless")]
    [TestCase("a=%E0%A4%A", "a=%E0%A4%A", TestName = "A truncated UTF-8 escape leaves the value raw")]
    [TestCase("a=%FF", "a=%FF", TestName = "An invalid UTF-8 byte leaves the value raw")]
    [TestCase("a=%C3%A9%FF", "a=%C3%A9%FF", TestName = "Decoding is all or nothing")]
    [TestCase("a=%20b%", "a=%20b%", TestName = "A trailing percent leaves the value raw")]
    [TestCase("a=%ED%A0%80", "a=%ED%A0%80", TestName = "An encoded surrogate leaves the value raw")]
    [TestCase("a=%C0%AF", "a=%C0%AF", TestName = "An overlong encoding leaves the value raw")]
    [TestCase("a=%F4%90%80%80", "a=%F4%90%80%80", TestName = "A code point above U+10FFFF leaves the value raw")]
    [TestCase("a=%2525", "a=%25", TestName = "Decoding is a single pass")]
    [TestCase("a=%F0%9F%98%80", "a=😀", TestName = "Astral characters decode")]
    [TestCase("a=%c3%a9", "a=é", TestName = "Lower-case hex decodes")]
    [TestCase("a=\u00a0x\u00a0", "a=\u00a0x\u00a0", TestName = "No-break spaces are not trimmed")]
    [TestCase("a b=1", "a b=1", TestName = "Names may contain spaces")]
    public void Parse_follows_the_npm_cookie_package(string header, string expected) =>
        Show(CookieParser.Parse(header)).ShouldBe(expected);

    [Test]
    public void Decoded_values_may_hold_cr_lf_and_nul() =>
        CookieParser.Parse("a=%0D%0A%00")["a"].ShouldBe("\r\n\0");

    [Test]
    public void Names_are_case_sensitive()
    {
        IReadOnlyDictionary<string, string> cookies = CookieParser.Parse("a=1; A=2");

        cookies["a"].ShouldBe("1");
        cookies["A"].ShouldBe("2");
    }

    [Test]
    public void A_null_header_has_no_cookies() => CookieParser.Parse(null).ShouldBeEmpty();

    [Test]
    public void Long_values_and_many_pairs_parse()
    {
        string header = string.Join("; ", Enumerable.Range(0, 200).Select(i => $"c{i}={new string('v', 50)}")) + "; big=" + new string('x', 10_000);

        IReadOnlyDictionary<string, string> cookies = CookieParser.Parse(header);

        cookies.Count.ShouldBe(201);
        cookies["big"].Length.ShouldBe(10_000);
    }

    [Test]
    public void A_custom_decoder_replaces_the_default()
    {
        IReadOnlyDictionary<string, string> cookies = CookieParser.Parse("foo=\"YmFy\"", value => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim('"'))));

        cookies["foo"].ShouldBe("bar");
    }

    [Test]
    public void A_decoder_returning_null_lets_a_later_duplicate_fill_the_name()
    {
        int calls = 0;
        IReadOnlyDictionary<string, string> cookies = CookieParser.Parse("foo=bar; foo=baz", value =>
        {
            calls++;
            return value == "bar" ? null : value;
        });

        cookies["foo"].ShouldBe("baz");
        calls.ShouldBe(2);
        CookieParser.Get("foo=bar; foo=baz", "foo", value => value == "bar" ? null : value).ShouldBe("baz");
    }

    [Test]
    public void A_throwing_decoder_propagates() =>
        Should.Throw<FormatException>(() => CookieParser.Parse("a=1", _ => throw new FormatException("no")));

    [TestCase("a=1; b=2; a=3", "a", "1")]
    [TestCase("a=1; b=%C3%A9", "b", "é")]
    [TestCase("x; b=2", "b", "2")]
    [TestCase("a=1", "b", null)]
    [TestCase("=", "", null)]
    [TestCase(" =", "", "")]
    [TestCase("session=Fe26.2*1*abc~2; other=1", "session", "Fe26.2*1*abc~2")]
    [TestCase("session.0=1", "session.0", "1")] // the name at the very start of the header
    [TestCase("a=session.0", "session.0", null)] // the name only inside a value
    [TestCase("a=session.0; \tsession.0 =x", "session.0", "x")] // found after the value that also holds it, trimmed
    [TestCase("session=1; session.1=2", "session.0", null)] // a longer name, a sibling chunk: not this one
    public void Get_finds_one_cookie_as_Parse_would(string header, string name, string? expected)
    {
        CookieParser.Get(header, name).ShouldBe(expected);
        CookieParser.Parse(header).GetValueOrDefault(name).ShouldBe(expected);
    }

    [Test]
    public void Parse_never_throws_and_Get_agrees_with_it_on_random_headers()
    {
        var random = new Random(6265);
        string[] pieces = ["a", "b", "=", ";", " ", "\t", "%", "%2", "%41", "%C3%A9", "%FF", "\"", ",", "é", "😀", "\ud800", "\r\n", "\0", "__proto__", "x=y"];
        for (int i = 0; i < 20_000; i++)
        {
            string header = string.Concat(Enumerable.Range(0, random.Next(0, 16)).Select(_ => pieces[random.Next(pieces.Length)]));
            IReadOnlyDictionary<string, string> cookies = CookieParser.Parse(header);
            foreach ((string name, string value) in cookies)
            {
                CookieParser.Get(header, name).ShouldBe(value, $"header {header}");
            }
        }
    }
}
