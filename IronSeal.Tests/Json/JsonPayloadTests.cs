using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Json;

/// <summary>The JSON inside a seal: written like JSON.stringify, read like TextDecoder + JSON.parse.</summary>
public sealed class JsonPayloadTests
{
    private static readonly SealOptions s_options = new() { Password = TestPasswords.One };

    private static string Write<T>(T value)
    {
        using var buffer = new PooledByteWriter();
        JsonPayload.Write(buffer, value, (JsonTypeInfo<T>)JsonSerializerOptions.Web.GetTypeInfo(typeof(T)));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonObject Open(byte[] plaintext) => Iron.Unseal<JsonObject>(HandSeal.Encrypt(TestPasswords.One, plaintext) + "~2", s_options);

    [Test]
    public void Non_ascii_and_html_characters_are_written_raw() =>
        Write(new { s = "Zoë 😀 <b>&'+" }).ShouldBe("""{"s":"Zoë 😀 <b>&'+"}""");

    [Test]
    public void Controls_use_the_short_escapes_and_lowercase_hex() =>
        Write(new { s = "\b\t\n\f\r\u0001\u001f\"\\" }).ShouldBe("{\"s\":\"\\b\\t\\n\\f\\r\\u0001\\u001f\\\"\\\\\"}");

    [Test]
    public void Del_line_separators_and_bom_are_written_raw() =>
        Write(new { s = "\u007f\u2028\u2029\ufeff" }).ShouldBe("{\"s\":\"\u007f\u2028\u2029\ufeff\"}");

    [Test]
    public void A_leading_bom_is_dropped() =>
        Open([0xEF, 0xBB, 0xBF, .. "{\"a\":1}"u8]).ToJsonString().ShouldBe("""{"a":1}""");

    [Test]
    public void Invalid_utf8_becomes_replacement_characters() =>
        Open([.. "{\"a\":\"x"u8, 0xFF, 0xC3, .. "y\"}"u8])["a"]!.GetValue<string>().ShouldBe("x\uFFFD\uFFFDy");

    [Test]
    public void Duplicate_keys_keep_the_last_value_as_JSON_parse_does()
    {
        JsonObject opened = Open("""{"a":1,"b":{"c":1,"c":2},"a":3}"""u8.ToArray());

        opened["a"]!.GetValue<int>().ShouldBe(3);
        opened["b"]!["c"]!.GetValue<int>().ShouldBe(2);
        Iron.Unseal<Dictionary<string, int>>(HandSeal.Encrypt(TestPasswords.One, """{"a":1,"a":3}"""u8.ToArray()) + "~2", s_options)["a"].ShouldBe(3);
    }

    [TestCase("""{"a":1}""", false)]
    [TestCase("""{"a":{"a":1},"b":[{"a":1},{"a":2}]}""", false)]
    [TestCase("""{"a":1,"a":2}""", true)]
    [TestCase("""{"a":{"x":1,"y":2,"x":3}}""", true)]
    [TestCase("""{"\u0061":1,"a":2}""", true)]
    [TestCase("""not json""", false)]
    [TestCase("""{"a":{"x":1},"x":2}""", false)]
    [TestCase("""{"a":{"x":1},"a":2}""", true)]
    [TestCase("""{"a":{"b":{"c":1}},"d":{"c":2}}""", false)]
    [TestCase("""{"a":{},"b":{},"a":1}""", true)]
    [TestCase("""[{"a":1},{"a":2}]""", false)]
    public void Duplicate_keys_are_detected_per_object(string json, bool expected) =>
        JsonPayload.MayHaveDuplicateKeys(Encoding.UTF8.GetBytes(json)).ShouldBe(expected);

    [Test]
    public void Repeated_keys_deeper_than_64_levels_keep_the_last_value_when_MaxDepth_allows_that_depth()
    {
        // The duplicate-key scan once read with the reader's default depth (64) and took the JsonException it met past
        // it for "invalid JSON, no repeated key", while the deserializer, told MaxDepth = 200, read on: the repeated key
        // reached JsonObject, which threw ArgumentException on first access instead of keeping the last value. The
        // opened-seal cache then also remembered the plaintext as free of repeated keys.
        string seal = HandSeal.Encrypt(TestPasswords.One, Encoding.UTF8.GetBytes(
            "{\"d\":" + new string('[', 70) + """{"k":1,"k":2}""" + new string(']', 70) + "}")) + "~2";
        var options = new SealOptions
        {
            Password = TestPasswords.One,
            JsonSerializerOptions = new JsonSerializerOptions { MaxDepth = 200, ReadCommentHandling = JsonCommentHandling.Skip },
        };

        for (int open = 0; open < 3; open++)
        {
            JsonNode? node = Iron.Unseal<JsonObject>(seal, options)["d"];
            for (int level = 0; level < 70; level++)
            {
                node = node![0];
            }

            node!["k"]!.GetValue<int>().ShouldBe(2);
        }

        // Comments the options accept no longer hide a repeated key from the scan either.
        Iron.Unseal<JsonObject>(HandSeal.Encrypt(TestPasswords.One, """{"a":1,/* c */"a":2}"""u8.ToArray()) + "~2", options)["a"]!
            .GetValue<int>().ShouldBe(2);
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, s_options)).Reason.ShouldBe(SealError.InvalidJson);
    }

    [Test]
    public void A_proto_key_is_an_ordinary_key() =>
        Open("""{"__proto__":{"x":1}}"""u8.ToArray())["__proto__"]!["x"]!.GetValue<int>().ShouldBe(1);

    [Test]
    public void Large_integers_are_read_as_the_type_says() =>
        Open("""{"n":9223372036854776000}"""u8.ToArray())["n"]!.GetValue<double>().ShouldBe(9223372036854776000d);

    [TestCase(33, false)]
    [TestCase(34, true)]
    [TestCase(200, true)]
    public void Nesting_past_the_key_limit_is_assumed_to_have_duplicates(int depth, bool expected)
    {
        string json = string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);

        JsonPayload.MayHaveDuplicateKeys(Encoding.UTF8.GetBytes(json)).ShouldBe(expected);
    }

    [TestCase(32, false)]
    [TestCase(33, true)]
    public void More_than_32_keys_in_one_payload_are_assumed_to_have_duplicates(int keys, bool expected)
    {
        string json = "{" + string.Join(',', Enumerable.Range(0, keys).Select(i => $"\"k{i}\":{i}")) + "}";

        JsonPayload.MayHaveDuplicateKeys(Encoding.UTF8.GetBytes(json)).ShouldBe(expected);
        Open(Encoding.UTF8.GetBytes(json)).Count.ShouldBe(keys);
    }

    [Test]
    public void The_reflection_overloads_use_the_options_json_settings()
    {
        var snake = new SealOptions
        {
            Password = TestPasswords.One,
            JsonSerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower },
        };

        string seal = Iron.Seal(new UserSession { UserId = "7" }, snake);

        Iron.Unseal<JsonObject>(seal, s_options).ContainsKey("user_id").ShouldBeTrue();
        Iron.Unseal<UserSession>(seal, snake).UserId.ShouldBe("7");
    }

    [Test]
    public void An_encoder_in_the_options_replaces_the_JSON_stringify_escaping()
    {
        var escaping = new SealOptions
        {
            Password = TestPasswords.One,
            JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default },
        };

        RawText(Iron.Seal(new { s = "<é" }, escaping)).ShouldBe("\"\\u003C\\u00E9\"");
        RawText(Iron.Seal(new { s = "<é" }, s_options)).ShouldBe("\"<é\"");

        static string RawText(string seal) => Iron.Unseal<JsonElement>(seal, s_options).GetProperty("s").GetRawText();
    }

    [Test]
    public void A_writer_kept_from_a_shallow_max_depth_is_not_reused_for_deeper_options()
    {
        var shallow = new SealOptions
        {
            Password = TestPasswords.One,
            JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { MaxDepth = 3 },
        };
        JsonNode deep = JsonNode.Parse(string.Concat(Enumerable.Repeat("{\"a\":", 10)) + "1" + new string('}', 10))!;

        Iron.Seal(new { a = 1 }, shallow).ShouldNotBeNull();
        Should.Throw<JsonException>(() => Iron.Seal(deep, shallow));

        Iron.Unseal<JsonObject>(Iron.Seal(deep, s_options), s_options).ToJsonString().ShouldBe(deep.ToJsonString());
    }

    [Test]
    public void Payloads_rewritten_for_duplicate_keys_keep_non_ascii_unescaped() =>
        Iron.Unseal<JsonElement>(HandSeal.Encrypt(TestPasswords.One, """{"s":"x","s":"<é"}"""u8.ToArray()) + "~2", s_options)
            .GetProperty("s").GetRawText().ShouldBe("\"<é\"");

    [Test]
    public void A_version_1_payload_with_data_after_its_json_is_InvalidJson()
    {
        string seal = HandSeal.Encrypt(TestPasswords.One, """{"persistent":{"a":1}} {"b":2}"""u8.ToArray());

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, s_options with { LegacyPersistentLayout = true })).Reason.ShouldBe(SealError.InvalidJson);
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, s_options)).Reason.ShouldBe(SealError.InvalidJson);
    }

    [Test]
    public void The_InvalidJson_message_names_the_type_and_the_json_error()
    {
        string seal = Iron.Seal("text", s_options);

        string message = Should.Throw<SealException>(() => Iron.Unseal<UserSession>(seal, s_options)).Message;
        message.ShouldStartWith("The seal opened but its content could not be read as JSON of the requested type. (UserSession: ");
        message.Length.ShouldBeGreaterThan(110);
    }

    [Test]
    public async Task Json_nodes_keep_keys_that_differ_only_in_case_as_JavaScript_does()
    {
        // The web defaults read case-insensitively (for C# properties); a JsonObject so read merged "o" and "O".
        var document = new JsonObject { ["o"] = 1, ["O"] = true };

        JsonObject opened = Iron.Unseal<JsonObject>(Iron.Seal(document, s_options), s_options);
        opened.ToJsonString().ShouldBe("""{"o":1,"O":true}""");

        var store = new HeaderCookieStore(null);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, new IronSessionOptions { CookieName = "s", Password = TestPasswords.One });
        session.Data["o"] = 1;
        session.Data["O"] = true;
        session.Data.Count.ShouldBe(2);
    }

    [Test]
    public void Plain_types_still_bind_names_case_insensitively_with_the_web_defaults()
    {
        string seal = HandSeal.Encrypt(TestPasswords.One, """{"USERID":"7"}"""u8.ToArray()) + "~2";

        Iron.Unseal<Support.UserSession>(seal, s_options).UserId.ShouldBe("7");
    }
}
