using System.Net;
using IronSeal.Blazor.Tests.Support;

namespace IronSeal.Blazor.Tests;

/// <summary>One sign-in shared with a Node app: the real iron-session (interop/peer-server.mjs) and the Blazor sample.</summary>
[Category("Node")]
public sealed class NodePeerTests
{
    [TestCase("v8")]
    [TestCase("v9")]
    public async Task A_user_signed_in_by_iron_session_sees_their_name_in_the_blazor_app_and_a_sign_out_there_ends_it_in_node(string lib)
    {
        await using BlazorSampleServer sample = await BlazorSampleServer.StartAsync();
        using NodeServer node = await NodeServer.StartAsync("peer-server.mjs", lib, Repository.Password);
        var jar = new CookieContainer();
        using HttpClient browser = sample.CreateClient(jar);

        (await browser.PostAsync(new Uri(node.Address, "/api/session?login=alan"), null)).EnsureSuccessStatusCode();
        HttpResponseMessage account = await browser.GetAsync("/account");

        account.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account", $"iron-session {lib}'s cookie is a signed-in user here");
        (await account.Content.ReadAsStringAsync()).ShouldContain("<p id=\"account-name\">Signed in as Alan Turing (user)</p>");

        string token = SampleHttpTests.AntiforgeryToken(await browser.GetStringAsync("/account"));
        HttpResponseMessage signedOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        signedOut.RequestMessage!.RequestUri!.PathAndQuery.ShouldBe("/?signedout=1");

        string onNode = await browser.GetStringAsync(new Uri(node.Address, "/api/session"));
        onNode.ShouldContain("\"authenticated\":false", Case.Sensitive, "a sign-out in the Blazor app is one in Node");
    }
}
