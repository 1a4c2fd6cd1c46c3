using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Interop;

/// <summary>
/// A session shared with the real iron-session 8.0.4 and 9.0.1 and h3 1.15.11 and 2.0.8 loses nothing (issue 28):
/// Node writes members the .NET type does not model, .NET changes one of its own and saves, and Node reads every
/// other member unchanged; a member .NET sets to null is absent for Node.
/// </summary>
[Category("Node")]
[NonParallelizable]
public sealed class SharedDataInteropTests
{
    /// <summary>What the .NET API models of the Next.js app's session: two of its members.</summary>
    public sealed class ApiSession
    {
        public string? UserId { get; set; }

        public string? Role { get; set; }

        public string? Flash { get; set; }
    }

    public sealed class NuxtUser
    {
        public string? Name { get; set; }
    }

    public sealed class NuxtSession
    {
        public NuxtUser? User { get; set; }

        public long? LoggedInAt { get; set; }
    }

    private static readonly IronSessionOptions s_dotnet = new() { CookieName = "sid", Password = TestPasswords.Rotated };

    private static JsonObject NodeRequest(string lib, BrowserJar jar, string action, JsonObject? data = null) => new()
    {
        ["lib"] = lib,
        ["cookie"] = jar.CookieHeader,
        ["options"] = new JsonObject
        {
            ["cookieName"] = "sid",
            ["password"] = new JsonObject { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two },
        },
        ["action"] = action,
        ["data"] = data,
    };

    private static JsonObject Node(string lib, BrowserJar jar, string action, JsonObject? data = null)
    {
        JsonNode result = NodeHarness.RunBatch("session.mjs", [NodeRequest(lib, jar, action, data)])[0]!;
        result["ok"]!.GetValue<bool>().ShouldBeTrue(result["error"]?.ToString());
        jar.Apply(result["setCookies"]!.AsArray().Select(h => h!.GetValue<string>()));
        return result["session"]!.AsObject();
    }

    private static async Task DotNetAsync(BrowserJar jar, Action<ApiSession> change)
    {
        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<ApiSession> session = await IronSession.GetAsync<ApiSession>(store, s_dotnet);
        change(session.Data);
        await session.SaveAsync();
        jar.Apply(store.SetCookieHeaders);
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task The_session_id_and_issue_time_survive_a_node_save_and_node_reads_them_exactly(string lib)
    {
        var jar = new BrowserJar();
        var store = new HeaderCookieStore(null);
        IronSession<ApiSession> signedIn = await IronSession.GetAsync<ApiSession>(store, s_dotnet);
        signedIn.Data.UserId = "42";
        await signedIn.SaveAsync();
        jar.Apply(store.SetCookieHeaders);

        JsonObject seen = Node(lib, jar, "save", new JsonObject { ["flash"] = "from Node" });

        seen["_ironseal_sid"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(signedIn.SessionId);
        seen["_ironseal_iat"]!.GetValue<long>().ShouldBe(signedIn.IssuedAt!.Value.ToUnixTimeMilliseconds());
        IronSession<ApiSession> back = await IronSession.GetAsync<ApiSession>(new HeaderCookieStore(jar.CookieHeader), s_dotnet);
        back.Data.Flash.ShouldBe("from Node");
        back.SessionId.ShouldBe(signedIn.SessionId);
        back.IssuedAt.ShouldBe(signedIn.IssuedAt);
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task Members_node_wrote_and_dotnet_does_not_model_survive_a_dotnet_save(string lib)
    {
        var jar = new BrowserJar();
        var written = JsonNode.Parse("""
            {"userId":"42","role":"user","cart":{"items":[{"sku":"pen","qty":2,"gift":null}],"coupon":"X1"},
             "prefs":[1,"two",{"three":3.5}],"flash":"Welcome back","nested":{"deep":{"deeper":[true,false,null]}}}
            """)!.AsObject();
        Node(lib, jar, "save", (JsonObject)written.DeepClone());

        await DotNetAsync(jar, s => s.Role = "admin");
        JsonObject read = SavedSession.WithoutStamp(Node(lib, jar, "read"));

        written["role"] = "admin";
        JsonNode.DeepEquals(read, written).ShouldBeTrue(read.ToJsonString());
        read.Select(p => p.Key).ShouldBe(written.Select(p => p.Key)); // in their place
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task A_member_dotnet_sets_to_null_is_absent_for_node(string lib)
    {
        var jar = new BrowserJar();
        Node(lib, jar, "save", new JsonObject { ["userId"] = "42", ["flash"] = "Saved.", ["cart"] = new JsonArray(1) });

        await DotNetAsync(jar, s => s.Flash = null);
        JsonObject read = SavedSession.WithoutStamp(Node(lib, jar, "read"));

        read.ContainsKey("flash").ShouldBeFalse(read.ToJsonString());
        read.ToJsonString().ShouldBe("""{"userId":"42","cart":[1]}""");

        // A session .NET writes alone has no member for what it holds as null (no "role":null, no "flash":null).
        var fresh = new BrowserJar();
        await DotNetAsync(fresh, s => s.UserId = "7");
        SavedSession.WithoutStamp(Node(lib, fresh, "read")).ToJsonString().ShouldBe("""{"userId":"7"}""");
    }

    [TestCase("v1")]
    [TestCase("v2")]
    public async Task Members_of_h3_data_dotnet_does_not_model_survive_a_dotnet_save(string version)
    {
        const long start = 1_700_000_000_000;
        using H3NodeServer h3 = await H3NodeServer.StartAsync(TestPasswords.One);
        string extra = Uri.EscapeDataString("""{"user":{"avatar":"a.png","roles":["editor"]},"cart":{"n":2,"gift":null},"flash":"hi"}""");
        H3Response login = await h3.SendAsync(HttpMethod.Post, version, "login", $"user=ada&now={start}&extra={extra}");
        H3SessionOptions options = H3SessionOptions.ForNuxtAuthUtils(TestPasswords.One, version == "v2" ? H3Version.V2 : H3Version.V1) with
        {
            TimeProvider = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(start + 1000)),
        };

        var store = new HeaderCookieStore(login.CookiePair("nuxt-session"));
        H3Session<NuxtSession> session = await H3Session.GetAsync<NuxtSession>(store, options);
        session.Data.User!.Name = "Ada L.";
        await session.SaveAsync();
        H3Response read = await h3.SendAsync(HttpMethod.Get, version, "session", $"now={start + 2000}", string.Join("; ", store.SetCookieHeaders.Select(h => h.Split(';')[0])));

        read.Body["id"]!.GetValue<string>().ShouldBe(login.Body["id"]!.GetValue<string>());
        read.Body["data"]!.ToJsonString().ShouldBe(
            $$"""{"user":{"name":"Ada L.","avatar":"a.png","roles":["editor"]},"loggedInAt":{{start}},"cart":{"n":2,"gift":null},"flash":"hi"}""");
    }
}
