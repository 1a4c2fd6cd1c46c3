using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IronSeal.Tests.Json;

/// <summary>
/// Issue 12, fault 1: a string with an unpaired UTF-16 surrogate was cut at it when sealed (<c>"admin\uD800x"</c>
/// opened as <c>"admin"</c>, and dictionary keys could collide). Now every JSON path writes U+FFFD in its place.
/// </summary>
public sealed partial class LoneSurrogateTests
{
    private static readonly SealOptions s_options = new() { Password = TestPasswords.One };

    public sealed class Profile
    {
        public string Name { get; set; } = "";

        public Dictionary<string, string> Roles { get; set; } = [];
    }

    [JsonSerializable(typeof(Profile))]
    [JsonSerializable(typeof(Dictionary<string, string>))]
    internal sealed partial class SurrogateJsonContext : JsonSerializerContext;

    // Lone surrogates cannot be attribute arguments (metadata stores them as UTF-8), so {XXXX} stands for U+XXXX.
    [TestCase("admin{D800}x", "admin{FFFD}x")]
    [TestCase("{00E9}{D800}{00E9}", "{00E9}{FFFD}{00E9}")]
    [TestCase("{DC00}tail", "{FFFD}tail")]
    [TestCase("end{D83D}", "end{FFFD}")]
    [TestCase("swapped{DE00}{D83D}!", "swapped{FFFD}{FFFD}!")]
    [TestCase("pair {D83D}{DE00} stays", "pair {D83D}{DE00} stays")]
    public void A_lone_surrogate_in_a_value_becomes_U_FFFD_and_nothing_is_cut(string sealedPattern, string openedPattern)
    {
        string openedName = Chars(openedPattern);
        var profile = new Profile { Name = Chars(sealedPattern) };

        Iron.Unseal<Profile>(Iron.Seal(profile, s_options), s_options).Name.ShouldBe(openedName);
        Iron.Unseal(Iron.Seal(profile, SurrogateJsonContext.Default.Profile, s_options), SurrogateJsonContext.Default.Profile, s_options).Name.ShouldBe(openedName);
    }

    [Test]
    public void Dictionary_keys_with_a_lone_surrogate_do_not_collide_with_others()
    {
        var roles = new Dictionary<string, string> { ["role\uD800x"] = "admin", ["role"] = "user" };

        Dictionary<string, string> opened = Iron.Unseal(Iron.Seal(roles, SurrogateJsonContext.Default.DictionaryStringString, s_options), SurrogateJsonContext.Default.DictionaryStringString, s_options);

        opened.ShouldBe(new Dictionary<string, string> { ["role\uFFFDx"] = "admin", ["role"] = "user" });
        Iron.Unseal<Dictionary<string, string>>(Iron.Seal(roles, s_options), s_options).Count.ShouldBe(2);
    }

    [Test]
    public void JsonNode_values_and_names_keep_their_length()
    {
        var node = new JsonObject { ["k\uD800"] = "v\uDFFFv", ["list"] = new JsonArray("a\uD800b") };

        JsonObject opened = Iron.Unseal<JsonObject>(Iron.Seal(node, s_options), s_options);

        opened["k\uFFFD"]!.GetValue<string>().ShouldBe("v\uFFFDv");
        opened["list"]![0]!.GetValue<string>().ShouldBe("a\uFFFDb");
    }

    [TestCase("default")]
    [TestCase("relaxed")]
    public void Other_encoders_set_in_the_options_do_not_cut_either(string encoder)
    {
        var options = s_options with
        {
            JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                Encoder = encoder == "default" ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            },
        };

        Iron.Unseal<Profile>(Iron.Seal(new Profile { Name = "admin\uD800x" }, options), options).Name.ShouldBe("admin\uFFFDx");
    }

    [Test]
    public void Random_strings_with_lone_surrogates_never_come_back_shorter()
    {
        var random = new Random(0xD800);
        for (int i = 0; i < 2_000; i++)
        {
            char[] text = new char[random.Next(1, 40)];
            for (int j = 0; j < text.Length; j++)
            {
                text[j] = random.Next(6) switch
                {
                    0 => (char)random.Next(0xD800, 0xDC00),
                    1 => (char)random.Next(0xDC00, 0xE000),
                    2 => (char)random.Next(0x80, 0xD800),
                    _ => (char)random.Next(0x20, 0x7F),
                };
            }

            string sealedText = new(text);
            string opened = Iron.Unseal(Iron.Seal(new Profile { Name = sealedText }, SurrogateJsonContext.Default.Profile, s_options), SurrogateJsonContext.Default.Profile, s_options).Name;

            opened.Length.ShouldBe(sealedText.Length, sealedText);
            opened.ShouldBe(Repaired(sealedText));
        }
    }

    private static string Chars(string pattern) =>
        CodeUnit().Replace(pattern, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());

    [System.Text.RegularExpressions.GeneratedRegex(@"\{([0-9A-F]{4})\}")]
    private static partial System.Text.RegularExpressions.Regex CodeUnit();

    /// <summary>What TextEncoder and Encoding.UTF8 do: every unpaired surrogate becomes U+FFFD.</summary>
    private static string Repaired(string text) => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text));
}
