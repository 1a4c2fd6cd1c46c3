using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Seal;

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
    public void Duplicate_keys_are_detected_per_object(string json, bool expected) =>
        JsonPayload.MayHaveDuplicateKeys(Encoding.UTF8.GetBytes(json)).ShouldBe(expected);

    [Test]
    public void A_proto_key_is_an_ordinary_key() =>
        Open("""{"__proto__":{"x":1}}"""u8.ToArray())["__proto__"]!["x"]!.GetValue<int>().ShouldBe(1);

    [Test]
    public void Large_integers_are_read_as_the_type_says() =>
        Open("""{"n":9223372036854776000}"""u8.ToArray())["n"]!.GetValue<double>().ShouldBe(9223372036854776000d);
}
