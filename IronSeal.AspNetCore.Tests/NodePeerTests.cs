using System.Net;
using System.Text.Json.Nodes;
using IronSeal.AspNetCore.Tests.Support;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// The sample and a Node HTTP server running the real iron-session (8.0.4 and 9.0.1) share one cookie name and
/// password: a user signed in on either is signed in on the other, and signed out on both by either.
/// </summary>
[Category("Node")]
public sealed class NodePeerTests
{
    private static async Task<JsonNode> ApiSession(HttpClient client, Uri baseAddress) =>
        JsonNode.Parse(await client.GetStringAsync(new Uri(baseAddress, "/api/session")))!;

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task A_user_signed_in_by_the_sample_is_signed_in_on_node_and_the_other_way(string lib)
    {
        await using SampleServer sample = await SampleServer.StartAsync();
        using NodeServer node = await NodeServer.StartAsync("peer-server.mjs", lib, Repository.Password);
        var jar = new CookieContainer();
        using HttpClient browser = sample.CreateClient(jar);

        await Forms.PostAsync(browser, "/login", "/login", ("login", "ada"), ("password", "lovelace-1815"));
        JsonNode onNode = await ApiSession(browser, node.Address);
        onNode["authenticated"]!.GetValue<bool>().ShouldBeTrue($"iron-session {lib} reads the sample's cookie");
        onNode["user"]!["name"]!.GetValue<string>().ShouldBe("Ada Lovelace");

        (await browser.DeleteAsync(new Uri(node.Address, "/api/session"))).EnsureSuccessStatusCode();
        (await ApiSession(browser, sample.Address))["authenticated"]!.GetValue<bool>().ShouldBeFalse("a destroy in Node signs out of the sample");

        (await browser.PostAsync(new Uri(node.Address, "/api/session?login=alan"), null)).EnsureSuccessStatusCode();
        JsonNode onSample = await ApiSession(browser, sample.Address);
        onSample["authenticated"]!.GetValue<bool>().ShouldBeTrue($"the sample reads iron-session {lib}'s cookie");
        onSample["user"]!["login"]!.GetValue<string>().ShouldBe("alan");
        (await browser.GetStringAsync("/profile")).ShouldContain("Profile of Alan Turing");

        await browser.DeleteAsync("/api/session");
        (await ApiSession(browser, node.Address))["authenticated"]!.GetValue<bool>().ShouldBeFalse("a destroy in the sample signs out of Node");
    }

    [TestCase("v8")]
    [TestCase("v9")]
    public async Task A_user_signed_in_by_node_is_authorized_on_the_samples_protected_endpoints(string lib)
    {
        await using SampleServer sample = await SampleServer.StartAsync();
        using NodeServer node = await NodeServer.StartAsync("peer-server.mjs", lib, Repository.Password);
        var jar = new CookieContainer();
        using HttpClient browser = sample.CreateClient(jar);
        using HttpClient api = new(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = sample.Address };

        (await api.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.PostAsync(new Uri(node.Address, "/api/session?login=ada"), null)).EnsureSuccessStatusCode();
        JsonNode me = JsonNode.Parse(await api.GetStringAsync("/api/me"))!;
        me["login"]!.GetValue<string>().ShouldBe("ada");
        me["role"]!.GetValue<string>().ShouldBe("admin", $"the role iron-session {lib} wrote is the user's role here");
        HttpResponseMessage admin = await browser.GetAsync("/admin");
        admin.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Content.ReadAsStringAsync()).ShouldContain("Signed in as Ada Lovelace, with the role admin.");

        (await browser.PostAsync(new Uri(node.Address, "/api/session?login=alan"), null)).EnsureSuccessStatusCode();
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.DeleteAsync(new Uri(node.Address, "/api/session"))).EnsureSuccessStatusCode();
        (await api.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "signed out in Node, signed out here");
    }
}
