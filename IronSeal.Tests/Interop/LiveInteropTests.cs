using System.Text.Json.Nodes;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Interop;

/// <summary>
/// Live round trips with the real npm packages on every run: random documents sealed in .NET open in iron-session
/// 8.0.4 and 9.0.1, and documents sealed by both open in .NET, with a string password and with a rotated set.
/// </summary>
[Category("Node")]
public sealed class LiveInteropTests
{
    private const int Documents = 200;

    private static readonly Dictionary<string, string> s_rotated = TestPasswords.Rotated;

    private static (List<JsonObject> Documents, int Seed) MakeDocuments()
    {
        int seed = TestContext.CurrentContext.Random.Next();
        TestContext.Out.WriteLine($"Random seed: {seed}");
        var random = new Random(seed);
        return (Enumerable.Range(0, Documents).Select(_ => RandomJson.Document(random)).ToList(), seed);
    }

    /// <summary>Even documents use the string password, odd ones the rotated set {1, 2}.</summary>
    private static JsonNode PasswordFor(int index) =>
        index % 2 == 0 ? JsonValue.Create(TestPasswords.One) : new JsonObject { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two };

    private static SealOptions OptionsFor(int index) =>
        new() { Password = index % 2 == 0 ? TestPasswords.One : s_rotated };

    [TestCase("v8")]
    [TestCase("v9")]
    public void Seals_made_in_dotnet_open_in_iron_session(string lib)
    {
        (List<JsonObject> documents, _) = MakeDocuments();
        var requests = new JsonArray();
        for (int i = 0; i < documents.Count; i++)
        {
            string seal = Iron.Seal(documents[i], OptionsFor(i));
            requests.Add(new JsonObject { ["lib"] = lib, ["op"] = "unseal", ["seal"] = seal, ["password"] = PasswordFor(i) });
        }

        JsonArray results = NodeHarness.RunBatch("iron.mjs", requests);

        results.Count.ShouldBe(Documents);
        for (int i = 0; i < documents.Count; i++)
        {
            JsonNode result = results[i]!;
            result["ok"]!.GetValue<bool>().ShouldBeTrue($"document {i}: {result["error"]}");
            RandomJson.SameJson(result["value"], documents[i]).ShouldBeTrue(
                $"document {i}\ndotnet: {documents[i].ToJsonString()}\n{lib}:     {result["value"]?.ToJsonString()}");
        }
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public void Seals_made_by_iron_session_open_in_dotnet(string lib)
    {
        (List<JsonObject> documents, _) = MakeDocuments();
        var requests = new JsonArray();
        for (int i = 0; i < documents.Count; i++)
        {
            requests.Add(new JsonObject { ["lib"] = lib, ["op"] = "seal", ["data"] = documents[i].DeepClone(), ["password"] = PasswordFor(i) });
        }

        JsonArray results = NodeHarness.RunBatch("iron.mjs", requests);

        results.Count.ShouldBe(Documents);
        for (int i = 0; i < documents.Count; i++)
        {
            JsonNode result = results[i]!;
            result["ok"]!.GetValue<bool>().ShouldBeTrue($"document {i}: {result["error"]}");
            string seal = result["value"]!.GetValue<string>();
            seal.ShouldEndWith("~2");
            seal.Split('*')[1].ShouldBe(i % 2 == 0 ? "1" : "2");
            JsonObject opened = Iron.Unseal<JsonObject>(seal, OptionsFor(i));
            RandomJson.SameJson(opened, documents[i]).ShouldBeTrue(
                $"document {i}\n{lib}:     {documents[i].ToJsonString()}\ndotnet: {opened.ToJsonString()}");
        }
    }

    [Test]
    public void Strings_are_escaped_byte_for_byte_as_JSON_stringify_escapes_them()
    {
        var random = new Random(TestContext.CurrentContext.Random.Next());
        List<JsonObject> documents = Enumerable.Range(0, Documents)
            .Select(_ => new JsonObject { ["s"] = RandomJson.Text(random, 0, 60) })
            .ToList();
        var requests = new JsonArray();
        foreach (JsonObject document in documents)
        {
            requests.Add(new JsonObject { ["lib"] = "stringify", ["data"] = document.DeepClone() });
        }

        JsonArray results = NodeHarness.RunBatch("iron.mjs", requests);

        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonObject>)
            System.Text.Json.JsonSerializerOptions.Web.GetTypeInfo(typeof(JsonObject));
        for (int i = 0; i < documents.Count; i++)
        {
            using var json = new PooledByteWriter();
            JsonPayload.Write(json, documents[i], typeInfo);
            System.Text.Encoding.UTF8.GetString(json.WrittenSpan).ShouldBe(results[i]!["value"]!.GetValue<string>(), $"document {i}");
        }
    }
}
