using System.Globalization;
using System.Text.Json.Nodes;

namespace IronSeal.Tests.Tool;

/// <summary>The tool against seals made, and opened, by the real npm packages (interop/iron.mjs).</summary>
[Category("Node")]
public sealed class ToolNodeTests
{
    private static JsonObject RotatedNode => new() { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two };

    private static JsonNode Data => new JsonObject { ["user"] = new JsonObject { ["id"] = 42, ["name"] = "Ada Lovelace" }, ["cart"] = new JsonArray(1, 2, 3) };

    private static string SealWithNode(JsonObject request)
    {
        JsonNode result = NodeHarness.RunBatch("iron.mjs", [request])[0]!;
        result["ok"]!.GetValue<bool>().ShouldBeTrue(result["error"]?.ToString());
        return result["value"]!.GetValue<string>();
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public void Unseal_opens_a_seal_made_by_iron_session_with_a_rotated_password_map(string lib)
    {
        string seal = SealWithNode(new JsonObject { ["lib"] = lib, ["op"] = "seal", ["password"] = RotatedNode, ["data"] = Data });

        (int exitCode, string output, string error) = ToolProcess.Run(
            ["unseal", seal], environment: new() { ["IRONSEAL_PASSWORDS"] = RotatedNode.ToJsonString() });

        exitCode.ShouldBe(0, error);
        JsonNode.DeepEquals(JsonNode.Parse(output), Data).ShouldBeTrue(output);
    }

    [Test]
    public void Inspect_reads_the_id_the_expiration_and_the_marker_of_an_iron_session_8_seal()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string seal = SealWithNode(new JsonObject
        {
            ["lib"] = "v8", ["op"] = "seal", ["password"] = RotatedNode, ["data"] = Data, ["ttl"] = 3600, ["now"] = now,
        });

        (int exitCode, string output, string error) = ToolProcess.Run(["inspect", "--json", $"Cookie: sid={seal}"]);

        exitCode.ShouldBe(0, error);
        JsonNode json = JsonNode.Parse(output)!;
        json["passwordId"]!.GetValue<string>().ShouldBe("2");
        json["expirationField"]!.GetValue<string>().ShouldBe((now + 3_600_000).ToString(CultureInfo.InvariantCulture));
        json["expiration"]!.GetValue<string>().ShouldBe(
            DateTimeOffset.FromUnixTimeMilliseconds(now + 3_600_000).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json["expired"]!.GetValue<bool>().ShouldBeFalse();
        json["marker"]!.GetValue<string>().ShouldBe("2");
    }

    [Test]
    public void Inspect_shows_no_marker_and_no_expiration_for_a_seal_made_by_iron_webcrypto()
    {
        string seal = SealWithNode(new JsonObject
        {
            ["lib"] = "webcrypto", ["op"] = "seal", ["password"] = new JsonObject { ["id"] = "7", ["secret"] = TestPasswords.Three }, ["data"] = Data,
        });

        (int exitCode, string output, string error) = ToolProcess.Run(["inspect", seal]);

        exitCode.ShouldBe(0, error);
        output.ShouldContain("password id: 7\n");
        output.ShouldContain("expires: never\n");
        output.ShouldContain("marker: none");
    }

    [Test]
    public void A_seal_made_by_the_tool_opens_in_iron_session_8()
    {
        (int exitCode, string seal, string error) = ToolProcess.Run(
            ["seal", "--ttl", "600"], input: Data.ToJsonString(), environment: new() { ["IRONSEAL_PASSWORDS"] = RotatedNode.ToJsonString() });
        exitCode.ShouldBe(0, error);

        JsonNode result = NodeHarness.RunBatch(
            "iron.mjs", [new JsonObject { ["lib"] = "v8", ["op"] = "unseal", ["password"] = RotatedNode, ["seal"] = seal.Trim() }])[0]!;

        result["ok"]!.GetValue<bool>().ShouldBeTrue(result["error"]?.ToString());
        JsonNode.DeepEquals(result["value"], Data).ShouldBeTrue(result["value"]?.ToJsonString());
    }
}
