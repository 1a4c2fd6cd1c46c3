using System.Text.Json.Nodes;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Interop;

/// <summary>
/// IronSession and the real getIronSession(req, res) of iron-session 8.0.4 and 9.0.1 (interop/session.mjs) share
/// cookies through a browser-like jar: each reads what the other saved, chunked sessions cross with 9.0.1's
/// <c>chunk: true</c>, and a destroy on either side signs the other out.
/// </summary>
[Category("Node")]
public sealed class SessionInteropTests
{
    private const int DocumentsPerLibrary = 25;

    private static IronSessionOptions DotNetOptions(bool chunking = false) => new()
    {
        CookieName = "sid",
        Password = TestPasswords.Rotated,
        Chunking = chunking,
    };

    private static JsonObject NodeOptions(bool chunk = false) => new()
    {
        ["cookieName"] = "sid",
        ["password"] = new JsonObject { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two },
        ["chunk"] = chunk,
    };

    private static JsonObject NodeRequest(string lib, BrowserJar jar, string action, JsonObject? data = null, bool chunk = false) => new()
    {
        ["lib"] = lib,
        ["cookie"] = jar.CookieHeader,
        ["options"] = NodeOptions(chunk),
        ["action"] = action,
        ["data"] = data,
    };

    private static JsonObject Succeeded(JsonNode? result)
    {
        result!["ok"]!.GetValue<bool>().ShouldBeTrue(result["error"]?.ToString());
        return result.AsObject();
    }

    private static IEnumerable<string> SetCookies(JsonObject result) => result["setCookies"]!.AsArray().Select(h => h!.GetValue<string>());

    private static async Task<IReadOnlyList<string>> DotNetSave(BrowserJar jar, JsonObject data, bool chunking = false)
    {
        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, DotNetOptions(chunking));
        foreach ((string key, JsonNode? value) in data)
        {
            session.Data[key] = value?.DeepClone();
        }

        await session.SaveAsync();
        jar.Apply(store.SetCookieHeaders);
        return store.SetCookieHeaders;
    }

    private static async Task<JsonObject> DotNetRead(BrowserJar jar) =>
        (await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), DotNetOptions())).Data;

    private static List<JsonObject> Documents()
    {
        var random = new Random(TestContext.CurrentContext.Random.Next());
        return [.. Enumerable.Range(0, DocumentsPerLibrary).Select(_ => RandomJson.Document(random))];
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task Sessions_saved_by_IronSession_are_read_by_getIronSession(string lib)
    {
        List<JsonObject> documents = Documents();
        var jars = new List<BrowserJar>();
        foreach (JsonObject document in documents)
        {
            var jar = new BrowserJar();
            await DotNetSave(jar, document);
            jars.Add(jar);
        }

        JsonArray results = NodeHarness.RunBatch("session.mjs", [.. jars.Select(jar => (JsonNode)NodeRequest(lib, jar, "read"))]);

        for (int i = 0; i < documents.Count; i++)
        {
            JsonObject session = SavedSession.WithoutStamp(Succeeded(results[i])["session"]!.AsObject());
            RandomJson.SameJson(session, documents[i]).ShouldBeTrue($"{lib} read {session.ToJsonString()}\nIronSeal saved {documents[i].ToJsonString()}");
        }
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task Sessions_saved_by_getIronSession_are_read_by_IronSession(string lib)
    {
        List<JsonObject> documents = Documents();

        JsonArray results = NodeHarness.RunBatch("session.mjs", [.. documents.Select(d => (JsonNode)NodeRequest(lib, new BrowserJar(), "save", (JsonObject)d.DeepClone()))]);

        for (int i = 0; i < documents.Count; i++)
        {
            var jar = new BrowserJar();
            jar.Apply(SetCookies(Succeeded(results[i])));
            JsonObject read = await DotNetRead(jar);
            RandomJson.SameJson(read, documents[i]).ShouldBeTrue($"IronSeal read {read.ToJsonString()}\n{lib} saved {documents[i].ToJsonString()}");
        }
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task The_Set_Cookie_attributes_are_written_exactly_as_getIronSession_writes_them(string lib)
    {
        var jar = new BrowserJar();
        IReadOnlyList<string> ours = await DotNetSave(jar, new JsonObject { ["a"] = 1 });
        JsonObject saved = Iron.Unseal<JsonObject>(jar.Cookies.Values.Single(), new SealOptions { Password = TestPasswords.Rotated });
        var same = new JsonObject { ["a"] = 1, ["_ironseal_iat"] = saved["_ironseal_iat"]!.DeepClone(), ["_ironseal_sid"] = saved["_ironseal_sid"]!.DeepClone() };
        JsonArray results = NodeHarness.RunBatch("session.mjs", [NodeRequest(lib, new BrowserJar(), "save", same)]);

        string theirs = SetCookies(Succeeded(results[0])).Single();
        string Attributes(string header) => header[header.IndexOf("; ", StringComparison.Ordinal)..];
        Attributes(ours.Single()).ShouldBe(Attributes(theirs));
        ours.Single().Length.ShouldBe(theirs.Length);
    }

    [Test]
    public async Task Chunked_sessions_cross_both_ways_with_iron_session_9()
    {
        var blob = new JsonObject { ["blob"] = new string('z', 8_000), ["userId"] = "42" };
        var ourJar = new BrowserJar();
        IReadOnlyList<string> ours = await DotNetSave(ourJar, blob, chunking: true);
        ours.Count.ShouldBe(3);

        JsonArray results = NodeHarness.RunBatch("session.mjs", [
            NodeRequest("v9", ourJar, "read", chunk: true),
            NodeRequest("v9", new BrowserJar(), "save", (JsonObject)blob.DeepClone(), chunk: true),
            NodeRequest("v8", ourJar, "read"),
        ]);

        RandomJson.SameJson(SavedSession.WithoutStamp(Succeeded(results[0])["session"]!.AsObject()), blob).ShouldBeTrue("iron-session 9 reads IronSeal's chunks");
        var theirJar = new BrowserJar();
        theirJar.Apply(SetCookies(Succeeded(results[1])));
        theirJar.Cookies.Keys.Order().ShouldBe(["sid.0", "sid.1", "sid.2"]);
        RandomJson.SameJson(await DotNetRead(theirJar), blob).ShouldBeTrue("IronSeal reads iron-session 9's chunks");
        Succeeded(results[2])["session"]!.AsObject().Count.ShouldBe(0, "iron-session 8 does not know chunks: it sees no session");
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task A_destroy_in_node_signs_the_user_out_of_IronSeal(string lib)
    {
        var jar = new BrowserJar();
        await DotNetSave(jar, new JsonObject { ["userId"] = "42" });

        JsonArray results = NodeHarness.RunBatch("session.mjs", [NodeRequest(lib, jar, "destroy")]);
        jar.Apply(SetCookies(Succeeded(results[0])));

        jar.Cookies.ShouldBeEmpty();
        (await DotNetRead(jar)).Count.ShouldBe(0);
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task A_destroy_in_IronSeal_signs_the_user_out_of_node(string lib)
    {
        var jar = new BrowserJar();
        JsonArray signIn = NodeHarness.RunBatch("session.mjs", [NodeRequest(lib, jar, "save", new JsonObject { ["userId"] = "42" })]);
        jar.Apply(SetCookies(Succeeded(signIn[0])));
        (await DotNetRead(jar))["userId"]!.GetValue<string>().ShouldBe("42");

        var store = new HeaderCookieStore(jar.CookieHeader);
        (await IronSession.GetAsync<JsonObject>(store, DotNetOptions())).Destroy();
        jar.Apply(store.SetCookieHeaders);
        JsonArray after = NodeHarness.RunBatch("session.mjs", [NodeRequest(lib, jar, "read")]);

        Succeeded(after[0])["session"]!.AsObject().Count.ShouldBe(0);
    }
}
