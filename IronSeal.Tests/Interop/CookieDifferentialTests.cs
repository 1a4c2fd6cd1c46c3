using System.Text.Json.Nodes;

namespace IronSeal.Tests.Interop;

/// <summary>
/// Differential tests against the real npm <c>cookie</c> 2.0.2 (pinned in <c>interop/</c>): generated headers and
/// Set-Cookie inputs, every one answered by both. Where the package writes a cookie that browsers drop, IronSeal's
/// documented error is expected instead.
/// </summary>
[Category("Node")]
public sealed class CookieDifferentialTests
{
    private const int Cases = 1_000;

    private static readonly string[] s_headerPieces =
    [
        "a", "b", "sid", "Foo", "=", "=", ";", ";", "; ", " ", "  ", "\t", "%", "%2", "%20", "%41", "%3B", "%C3%A9", "%c3%a9", "%E2%82%AC",
        "%F0%9F%98%80", "%FF", "%C3", "%E0%A4%A", "%ED%A0%80", "%C0%AF", "%0D%0A", "%00", "%25", "\"", "\"x\"", ",", "é", "日本", "😀", "\u00a0",
        "\r", "\n", "\v", "\0", "__proto__", "toString", "x=y", "Fe26.2*1*ab~2", "+", "/", "\\",
    ];

    private static readonly string[] s_domains =
        ["example.com", ".example.com", "a-b.example.org", "localhost", "127.0.0.1", "EXAMPLE.COM", "ex ample.com", "a..b", "-a.com", "a-.com", "a_b.com", "x.com:80", "x.com.", "é.com", "x\r\n.com", ""];

    private static readonly string[] s_paths = ["/", "/app", "/a b", "/a;b", "/<x>", "/é", "/\t", "/a\r\nb", "./", "/foo=bar?baz", ""];

    [Test]
    public void Parse_agrees_with_the_package_on_generated_headers()
    {
        var random = new Random(TestContext.CurrentContext.Random.Next());
        List<string> headers = Enumerable.Range(0, Cases)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 14)).Select(_ => s_headerPieces[random.Next(s_headerPieces.Length)])))
            .ToList();
        var requests = new JsonArray([.. headers.Select(header => new JsonObject { ["op"] = "parse", ["header"] = header })]);

        JsonArray results = NodeHarness.RunBatch("cookie.mjs", requests);

        results.Count.ShouldBe(Cases);
        for (int i = 0; i < Cases; i++)
        {
            var expected = results[i]!["value"]!.AsArray()
                .ToDictionary(pair => pair![0]!.GetValue<string>(), pair => pair![1]!.GetValue<string>(), StringComparer.Ordinal);
            IReadOnlyDictionary<string, string> ours = CookieParser.Parse(headers[i]);
            ours.OrderBy(p => p.Key, StringComparer.Ordinal).ShouldBe(expected.OrderBy(p => p.Key, StringComparer.Ordinal), $"header {JsonValue.Create(headers[i])!.ToJsonString()}");
        }
    }

    [Test]
    public void Serialize_agrees_with_the_package_on_generated_cookies()
    {
        var random = new Random(TestContext.CurrentContext.Random.Next());
        var inputs = new List<(string Name, string Value, CookieAttributes Attributes)>();
        var requests = new JsonArray();
        for (int i = 0; i < Cases; i++)
        {
            (string name, string value, CookieAttributes attributes) = Generate(random);
            inputs.Add((name, value, attributes));
            requests.Add(new JsonObject { ["op"] = "serialize", ["name"] = name, ["value"] = value, ["attributes"] = ToNode(attributes) });
        }

        JsonArray results = NodeHarness.RunBatch("cookie.mjs", requests);

        results.Count.ShouldBe(Cases);
        int written = 0, refusedByBoth = 0, refusedByUs = 0;
        for (int i = 0; i < Cases; i++)
        {
            (string name, string value, CookieAttributes attributes) = inputs[i];
            JsonNode result = results[i]!;
            string context = $"case {i}: name {JsonValue.Create(name)!.ToJsonString()}, value {JsonValue.Create(value)!.ToJsonString()}, {attributes}";
            if (!result["ok"]!.GetValue<bool>())
            {
                string field = result["field"]!.GetValue<string>();
                Should.Throw<ArgumentException>(() => CookieSerializer.Serialize(name, value, attributes), context).ParamName.ShouldBe(ParamNameFor(field), context);
                refusedByBoth++;
            }
            else if (BrowserRuleBroken(name, attributes) is { } paramName)
            {
                Should.Throw<ArgumentException>(() => CookieSerializer.Serialize(name, value, attributes), context).ParamName.ShouldBe(paramName, context);
                refusedByUs++;
            }
            else
            {
                CookieSerializer.Serialize(name, value, attributes).ShouldBe(result["value"]!.GetValue<string>(), context);
                written++;
            }
        }

        TestContext.Out.WriteLine($"{Cases} cases: {written} written alike, {refusedByBoth} refused by both, {refusedByUs} refused only by IronSeal's browser rules");
        written.ShouldBeGreaterThan(Cases / 5);
        refusedByBoth.ShouldBeGreaterThan(0);
        refusedByUs.ShouldBeGreaterThan(0);
    }

    private static (string Name, string Value, CookieAttributes Attributes) Generate(Random random)
    {
        string name = random.Next(20) switch
        {
            0 or 1 => "__Secure-" + Token(random),
            2 or 3 => "__Host-" + Token(random),
            4 => Token(random) + " x",
            5 => Token(random) + "=",
            6 => "",
            7 => Token(random) + "é",
            _ => Token(random),
        };
        string value = random.Next(3) == 0 ? Token(random) : Support.RandomJson.Text(random, 0, 20);
        var attributes = new CookieAttributes
        {
            MaxAge = random.Next(3) == 0 ? TimeSpan.FromSeconds(random.NextInt64(-1_000_000, 3_000_000_000)) : null,
            Domain = random.Next(4) == 0 ? s_domains[random.Next(s_domains.Length)] : null,
            Path = random.Next(4) switch { 0 => s_paths[random.Next(s_paths.Length)], 1 or 2 => "/", _ => null },
            Expires = random.Next(4) == 0 ? DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(-12_000_000_000, 253_402_300_799)) : null,
            HttpOnly = random.Next(2) == 0,
            Secure = random.Next(3) != 0,
            Partitioned = random.Next(5) == 0,
            Priority = random.Next(3) == 0 ? (CookiePriority)random.Next(3) : null,
            SameSite = random.Next(2) == 0 ? (SameSite)random.Next(3) : null,
        };
        return (name, value, attributes);
    }

    private static string Token(Random random)
    {
        const string Characters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~\"(),/:<>?@[]\\{}";
        return string.Concat(Enumerable.Range(0, random.Next(1, 10)).Select(_ => Characters[random.Next(Characters.Length)]));
    }

    private static JsonObject ToNode(CookieAttributes attributes) => new()
    {
        ["maxAge"] = attributes.MaxAge is { } maxAge ? (long)maxAge.TotalSeconds : null,
        ["domain"] = attributes.Domain,
        ["path"] = attributes.Path,
        ["expires"] = attributes.Expires?.ToUnixTimeMilliseconds(),
        ["httpOnly"] = attributes.HttpOnly,
        ["secure"] = attributes.Secure,
        ["partitioned"] = attributes.Partitioned,
        ["priority"] = attributes.Priority?.ToString().ToLowerInvariant(),
        ["sameSite"] = attributes.SameSite?.ToString().ToLowerInvariant(),
    };

    private static string ParamNameFor(string field) => field switch
    {
        "name" => "name",
        "value" => "value",
        "maxAge" => "MaxAge",
        "domain" => "Domain",
        "path" => "Path",
        "expires" => "Expires",
        _ => throw new InvalidOperationException($"The package refused an unexpected field: {field}"),
    };

    /// <summary>IronSeal's documented browser rules (docs/cookies.md), in the order it checks them.</summary>
    private static string? BrowserRuleBroken(string name, CookieAttributes attributes)
    {
        if ((attributes.SameSite == SameSite.None || attributes.Partitioned || name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase)) && !attributes.Secure)
        {
            return "Secure";
        }

        if (name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase))
        {
            return !attributes.Secure ? "Secure" : !string.IsNullOrEmpty(attributes.Domain) ? "Domain" : attributes.Path != "/" ? "Path" : null;
        }

        return null;
    }
}
