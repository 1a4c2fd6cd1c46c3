using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using IronSeal.Tests.Sessions;

namespace IronSeal.Tests.Json;

/// <summary>
/// When a session's JSON is kept for the next save (a copy, written back around the type's members) and when not:
/// only when something in it is not modelled, or is spelled otherwise than the type writes it. A session whose every
/// member the type declares costs no copy.
/// </summary>
public sealed class KeptMembersTests
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions s_exact = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static JsonTypeInfo<T> Info<T>(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }

    private static byte[]? Kept<T>(string json, JsonSerializerOptions options, out KeptMembers.Found found, string ignored = "") =>
        JsonPayload.KeepUnmodelled(Encoding.UTF8.GetBytes(json), Info<T>(options), out found, Encoding.UTF8.GetBytes(ignored));

    [TestCase("""{"userId":"1","role":"r"}""")]
    [TestCase("""{"user":{"id":"1","name":"n"},"flash":"f"}""")]
    [TestCase("""{"user":null,"userId":null}""")]
    [TestCase("""{"user":"not an object here","role":"r"}""")]
    [TestCase("{}")]
    public void Json_whose_every_member_the_type_models_as_spelled_is_not_copied(string json)
    {
        Kept<ApiSession>(json, s_web, out KeptMembers.Found found).ShouldBeNull();
        found.Unmodelled.ShouldBeFalse();
        found.NoneMatched.ShouldBeFalse();
    }

    [TestCase("""{"userId":"1","cart":[1]}""")]
    [TestCase("""{"cart":{"a":1},"userId":"1"}""")]
    [TestCase("""{"user":{"id":"1","avatar":"a"}}""")]
    [TestCase("""{"user":{"avatar":{"x":1},"id":"1"},"role":"r"}""")]
    [TestCase("""{"USERID":"1"}""")]
    [TestCase("""{"user":{"ID":"1"}}""")]
    [TestCase("""{"\u0055serId":"1"}""")]
    public void Json_with_a_member_not_modelled_or_spelled_otherwise_is_copied_whole(string json)
    {
        byte[]? kept = Kept<ApiSession>(json, s_web, out KeptMembers.Found found);

        kept.ShouldNotBeNull();
        Encoding.UTF8.GetString(kept).ShouldBe(json);
        found.Unmodelled.ShouldBeTrue();
    }

    [Test]
    public void An_escaped_name_that_unescapes_to_the_declared_one_is_not_a_stranger()
    {
        // "user\u0049d" is "userId" byte for byte once unescaped, under case-sensitive options too.
        Kept<ApiSession>("""{"user\u0049d":"1"}""", s_exact, out KeptMembers.Found exact).ShouldBeNull();
        exact.Members.ShouldBe(1);
        exact.NoneMatched.ShouldBeFalse();
        Kept<ApiSession>("""{"USERID":"1"}""", s_exact, out KeptMembers.Found other).ShouldNotBeNull();
        other.NoneMatched.ShouldBeTrue();
        other.FirstUnmatched.ShouldBe("USERID");
    }

    [Test]
    public void The_sessions_own_member_is_neither_kept_nor_counted()
    {
        Kept<ApiSession>("""{"userId":"1","_ironseal_iat":5}""", s_web, out KeptMembers.Found found, "_ironseal_iat").ShouldBeNull();
        found.Members.ShouldBe(1);
        Kept<ApiSession>("""{"_ironseal_iat":5}""", s_web, out KeptMembers.Found alone, "_ironseal_iat").ShouldBeNull();
        alone.Members.ShouldBe(0);
        alone.NoneMatched.ShouldBeFalse();
    }

    [Test]
    public void None_matched_names_the_first_stranger_and_counts_every_member()
    {
        Kept<ApiSession>("""{"UserId":"1","Role":"r","cart":2}""", s_exact, out KeptMembers.Found found).ShouldNotBeNull();

        found.Members.ShouldBe(3);
        found.NoneMatched.ShouldBeTrue();
        found.FirstUnmatched.ShouldBe("UserId");
        Kept<ApiSession>("""{"cart":2,"userId":"1"}""", s_exact, out KeptMembers.Found some).ShouldNotBeNull();
        some.NoneMatched.ShouldBeFalse();
        some.FirstUnmatched.ShouldBeNull();
    }

    [TestCase("[1,2]")]
    [TestCase("\"text\"")]
    [TestCase("""{"userId":"1",""")]
    [TestCase("")]
    public void Json_that_is_not_an_object_is_never_kept(string json)
    {
        Kept<ApiSession>(json, s_web, out KeptMembers.Found found).ShouldBeNull();
        found.ShouldBe(default);
    }

    [Test]
    public void Dictionaries_and_json_nodes_model_everything_and_are_never_kept()
    {
        Kept<JsonObject>("""{"a":1}""", s_web, out _).ShouldBeNull();
        Kept<Dictionary<string, int>>("""{"a":1}""", s_web, out _).ShouldBeNull();
    }

    [Test]
    public void A_type_with_extension_data_has_its_unknown_members_kept_in_place_but_never_reports_none_matched()
    {
        Kept<ExtensionSession>("""{"cart":1}""", s_web, out KeptMembers.Found found).ShouldNotBeNull();
        found.NoneMatched.ShouldBeFalse();
    }

    [Test]
    public void A_very_long_escaped_name_is_read_too()
    {
        string name = new('a', 300);
        string json = $$"""{"\u0061{{name}}":1,"userId":"1"}""";

        Kept<ApiSession>(json, s_web, out KeptMembers.Found found).ShouldNotBeNull();
        found.Members.ShouldBe(2);
    }
}
