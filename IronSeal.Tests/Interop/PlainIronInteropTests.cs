using System.Text.Json.Nodes;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Interop;

/// <summary>
/// Plain <c>Fe26.2</c>, as @hapi/iron 7, iron-webcrypto 1.x (what h3 1.x pins) and iron-webcrypto 2.x write it: no
/// iron-session <c>~2</c>, and an empty password id when the password is one string. 200 random documents each way,
/// per package: half with one string password, half with an id'd password (<c>{ id, secret }</c> to seal, a map to open).
/// </summary>
[Category("Node")]
public sealed class PlainIronInteropTests
{
    private const int Documents = 200;

    private static readonly SealOptions s_plain = new() { Password = TestPasswords.One, IronSessionMarker = false };
    private static readonly SealOptions s_plainWithIds = new() { Password = TestPasswords.Rotated, IronSessionMarker = false };

    private static List<JsonObject> MakeDocuments()
    {
        int seed = TestContext.CurrentContext.Random.Next();
        TestContext.Out.WriteLine($"Random seed: {seed}");
        var random = new Random(seed);
        return [.. Enumerable.Range(0, Documents).Select(_ => RandomJson.Document(random))];
    }

    private static bool WithIds(int index) => index % 2 == 1;

    [TestCase("hapi")]
    [TestCase("webcrypto")]
    [TestCase("webcrypto2")]
    public void Plain_seals_made_in_dotnet_open_in_the_package(string lib)
    {
        List<JsonObject> documents = MakeDocuments();
        var requests = new JsonArray();
        for (int i = 0; i < documents.Count; i++)
        {
            string seal = Iron.Seal(documents[i], WithIds(i) ? s_plainWithIds : s_plain);
            seal.ShouldNotContain("~");
            JsonNode password = WithIds(i)
                ? new JsonObject { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two }
                : JsonValue.Create(TestPasswords.One);
            requests.Add(new JsonObject { ["lib"] = lib, ["op"] = "unseal", ["seal"] = seal, ["password"] = password });
        }

        // Every seal draws its own salts, as @hapi/iron does.
        requests.Select(r => r!["seal"]!.GetValue<string>().Split('*')[2]).Distinct().Count().ShouldBe(documents.Count);

        JsonArray results = NodeHarness.RunBatch("iron.mjs", requests);

        for (int i = 0; i < documents.Count; i++)
        {
            results[i]!["ok"]!.GetValue<bool>().ShouldBeTrue($"document {i}: {results[i]!["error"]}");
            RandomJson.SameJson(results[i]!["value"], documents[i]).ShouldBeTrue($"document {i}: {documents[i].ToJsonString()}");
        }
    }

    [TestCase("hapi")]
    [TestCase("webcrypto")]
    [TestCase("webcrypto2")]
    public void Seals_made_by_the_package_open_in_dotnet(string lib)
    {
        List<JsonObject> documents = MakeDocuments();
        var requests = new JsonArray();
        for (int i = 0; i < documents.Count; i++)
        {
            JsonNode password = WithIds(i)
                ? new JsonObject { ["id"] = "2", ["secret"] = TestPasswords.Two }
                : JsonValue.Create(TestPasswords.One);
            requests.Add(new JsonObject { ["lib"] = lib, ["op"] = "seal", ["data"] = documents[i].DeepClone(), ["password"] = password });
        }

        JsonArray results = NodeHarness.RunBatch("iron.mjs", requests);

        for (int i = 0; i < documents.Count; i++)
        {
            results[i]!["ok"]!.GetValue<bool>().ShouldBeTrue($"document {i}: {results[i]!["error"]}");
            string seal = results[i]!["value"]!.GetValue<string>();
            seal.Split('*')[1].ShouldBe(WithIds(i) ? "2" : string.Empty);
            JsonObject opened = Iron.Unseal<JsonObject>(seal, WithIds(i) ? s_plainWithIds : s_plain);
            RandomJson.SameJson(opened, documents[i]).ShouldBeTrue($"document {i}: {documents[i].ToJsonString()}");
        }
    }

    [Test]
    public void A_set_with_ids_keeps_iron_session_rules_and_refuses_an_empty_id()
    {
        JsonArray results = NodeHarness.RunBatch("iron.mjs", [
            new JsonObject { ["lib"] = "hapi", ["op"] = "seal", ["data"] = new JsonObject { ["a"] = 1 }, ["password"] = TestPasswords.One },
        ]);
        string seal = results[0]!["value"]!.GetValue<string>();

        Iron.Unseal<JsonObject>(seal, s_plain)["a"]!.GetValue<int>().ShouldBe(1);
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, new SealOptions { Password = new Dictionary<string, string> { ["1"] = TestPasswords.One } }))
            .Reason.ShouldBe(SealError.UnknownPasswordId);
    }
}
