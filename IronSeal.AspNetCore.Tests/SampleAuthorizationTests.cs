using System.Net;
using System.Text.Json.Nodes;
using IronSeal.AspNetCore.Tests.Support;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// The sample's sign-in through the authentication scheme (issue 11, part 8): roles, the admin page, the JSON API,
/// a fresh session at sign-in, 413 for every oversized save, and sessions written elsewhere with null members.
/// </summary>
public sealed class SampleAuthorizationTests
{
    private const string CookieName = "ironseal_sample";

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string login, string password, string? returnUrl = null) =>
        Forms.PostAsync(client, "/login", "/login", [("login", login), ("password", password), .. returnUrl is null ? [] : new[] { ("returnUrl", returnUrl) }]);

    [Test]
    public async Task Admin_sends_a_guest_to_sign_in_and_back_refuses_alan_and_admits_ada()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient raw = server.CreateRawClient();
        var guest = new HttpRequestMessage(HttpMethod.Get, "/admin");
        guest.Headers.Accept.ParseAdd("text/html");
        HttpResponseMessage challenged = await raw.SendAsync(guest);
        challenged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        challenged.Headers.Location!.OriginalString.ShouldBe("/login?ReturnUrl=%2Fadmin");

        using HttpClient alan = server.CreateClient();
        string form = await alan.GetStringAsync("/login?ReturnUrl=%2Fadmin");
        form.ShouldContain("name=\"returnUrl\" value=\"/admin\"", customMessage: "the login form carries the return URL");
        HttpResponseMessage alanAdmin = await SignIn(alan, "alan", "turing-1912", "/admin");
        alanAdmin.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        alanAdmin.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/admin");
        (await alanAdmin.Content.ReadAsStringAsync()).ShouldContain("id=\"forbidden\"");

        using HttpClient ada = server.CreateClient();
        HttpResponseMessage adaAdmin = await SignIn(ada, "ada", "lovelace-1815", "/admin");
        adaAdmin.StatusCode.ShouldBe(HttpStatusCode.OK);
        adaAdmin.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/admin");
        string page = await adaAdmin.Content.ReadAsStringAsync();
        page.ShouldContain("Signed in as Ada Lovelace, with the role admin.");
        (await ada.GetStringAsync("/profile")).ShouldContain("role <code id=\"role\">admin</code>");
    }

    [Test]
    public async Task Api_me_is_401_for_a_guest_and_the_users_json_when_signed_in()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient raw = server.CreateRawClient();
        (await raw.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var jar = new CookieContainer();
        using HttpClient browser = server.CreateClient(jar);
        await SignIn(browser, "alan", "turing-1912");
        var api = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        api.Headers.Add("Cookie", $"{CookieName}={jar.GetCookies(server.Address)[CookieName]!.Value}");
        HttpResponseMessage me = await raw.SendAsync(api);
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.DeepEquals(JsonNode.Parse(await me.Content.ReadAsStringAsync()), JsonNode.Parse("""{"id":"2","login":"alan","name":"Alan Turing","role":"user"}"""))
            .ShouldBeTrue();
    }

    [Test]
    public async Task Signing_in_over_another_users_session_keeps_nothing_of_theirs()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient browser = server.CreateClient(jar);
        await SignIn(browser, "ada", "lovelace-1815");
        await Forms.PostAsync(browser, "/onboarding", "/onboarding", ("action", "next"), ("displayName", "Countess"));
        await Forms.PostAsync(browser, "/", "/cart/add", ("sku", "ink"), ("note", "ada's ink"));

        // A shared computer: alan signs in without ada signing out.
        string profile = await (await SignIn(browser, "alan", "turing-1912")).Content.ReadAsStringAsync();
        profile.ShouldContain("Profile of Alan Turing");
        profile.ShouldNotContain("ada's ink");
        profile.ShouldNotContain("Notebook", customMessage: "ada's saved cart stays hers");
        string onboarding = await browser.GetStringAsync("/onboarding");
        onboarding.ShouldContain("Step 1 of 3");
        onboarding.ShouldNotContain("Countess");
    }

    [Test]
    public async Task An_oversized_save_anywhere_is_a_413_page_and_the_browser_keeps_its_cookie()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient browser = server.CreateClient(jar);
        await SignIn(browser, "ada", "lovelace-1815");
        string before = jar.GetCookies(server.Address)[CookieName]!.Value;

        HttpResponseMessage response = await Forms.PostAsync(browser, "/onboarding", "/onboarding", ("action", "next"), ("displayName", new string('n', 5000)));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        string page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("id=\"too-big\"");
        page.ShouldContain("4096 bytes");
        jar.GetCookies(server.Address)[CookieName]!.Value.ShouldBe(before);
        (await browser.GetStringAsync("/onboarding")).ShouldContain("Step 1 of 3");
    }

    [Test]
    public async Task A_sign_in_that_no_longer_fits_the_cookie_is_a_413_page_and_the_guest_keeps_their_cookie()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        // A guest's cart that fits, until the sign-in adds the user, the saved cart and the welcome message.
        string seal = Iron.Seal(
            JsonNode.Parse($$"""{"cart":[{"sku":"pen","quantity":1,"note":"{{new string('n', 2_620)}}"}]}"""),
            new SealOptions { Password = Repository.Password, Ttl = TimeSpan.FromDays(1) }) + "~2";
        var jar = new CookieContainer();
        jar.Add(server.Address, new Cookie(CookieName, seal));
        using HttpClient browser = server.CreateClient(jar);
        (await browser.GetAsync("/login")).StatusCode.ShouldBe(HttpStatusCode.OK, "the guest's session fits before the sign-in");
        string before = jar.GetCookies(server.Address)[CookieName]!.Value;

        HttpResponseMessage response = await SignIn(browser, "ada", "lovelace-1815");

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await response.Content.ReadAsStringAsync()).ShouldContain("id=\"too-big\"");
        jar.GetCookies(server.Address)[CookieName]!.Value.ShouldBe(before);
        (await browser.GetStringAsync("/profile")).ShouldNotContain("Profile of", Case.Sensitive, "not signed in: the login page");
    }

    [Test]
    public async Task A_session_written_elsewhere_with_a_null_cart_reads_as_an_empty_cart()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        string seal = Iron.Seal(
            JsonNode.Parse("""{"user":{"id":"1","login":"ada","name":"Ada Lovelace","role":"admin"},"cart":null}"""),
            new SealOptions { Password = Repository.Password, Ttl = TimeSpan.FromDays(1) }) + "~2";
        using HttpClient raw = server.CreateRawClient();
        foreach (string path in new[] { "/", "/profile" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", $"{CookieName}={seal}");
            HttpResponseMessage response = await raw.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            (await response.Content.ReadAsStringAsync()).ShouldContain("Your cart is empty.");
        }
    }
}
