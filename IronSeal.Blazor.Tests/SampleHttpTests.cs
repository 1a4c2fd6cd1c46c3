using System.Net;
using System.Text.RegularExpressions;
using IronSeal.Blazor.Tests.Support;

namespace IronSeal.Blazor.Tests;

/// <summary>The Blazor sample's static rendering over real HTTP: redirects, the sign-in form post, the server-rendered user.</summary>
[Category("Integration")]
public sealed partial class SampleHttpTests
{
    [Test]
    public async Task An_anonymous_browser_asking_for_the_account_page_is_sent_to_the_login_page_with_its_return_url()
    {
        await using BlazorSampleServer sample = await BlazorSampleServer.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = sample.Address };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        HttpResponseMessage response = await client.GetAsync("/account");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(sample.Address, response.Headers.Location!).PathAndQuery.ShouldBe("/login?ReturnUrl=%2Faccount");
    }

    [Test]
    public async Task A_form_post_signs_in_and_the_account_page_renders_the_users_name_on_the_server()
    {
        await using BlazorSampleServer sample = await BlazorSampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient browser = sample.CreateClient(jar);

        HttpResponseMessage signedIn = await SignInAsync(browser, "ada", "lovelace-1815", "/account");

        signedIn.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account");
        string html = await signedIn.Content.ReadAsStringAsync();
        html.ShouldContain("<p id=\"account-name\">Signed in as Ada Lovelace (admin)</p>");
        html.ShouldContain("Signed in as Ada Lovelace</span>", Case.Sensitive, "the layout's AuthorizeView");
        jar.GetCookies(sample.Address)["ironseal_sample"]!.Value.ShouldStartWith("Fe26.2*1*");
    }

    [Test]
    public async Task The_session_cookie_travels_to_the_circuit_protected_and_never_to_webassembly()
    {
        await using BlazorSampleServer sample = await BlazorSampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient browser = sample.CreateClient(jar);
        string html = await (await SignInAsync(browser, "ada", "lovelace-1815", "/account")).Content.ReadAsStringAsync();
        string seal = jar.GetCookies(sample.Address)["ironseal_sample"]!.Value;

        // WebAssembly's state is plain base64 JSON in the page: the user's claims, not the cookie.
        string wasm = StateComment(html, "WebAssembly");
        string decoded = DecodeNested(wasm);
        decoded.ShouldContain("Ada Lovelace", Case.Sensitive, "the user is carried to WebAssembly");
        decoded.ShouldNotContain("IronSeal.ComponentSession");
        decoded.ShouldNotContain("Fe26.2");

        // The server circuit's state is protected by Data Protection: the seal does not appear in the page.
        StateComment(html, "Server").ShouldNotBeEmpty();
        html.ShouldNotContain(seal);
        html.ShouldNotContain(seal[..40]);
    }

    private static string StateComment(string html, string mode) =>
        Regex.Match(html, $"<!--Blazor-{mode}-Component-State:(?<state>[^-]+)-->").Groups["state"].Value;

    /// <summary>The state's JSON (key → base64 of each value's JSON) with every value decoded, for searching.</summary>
    private static string DecodeNested(string base64)
    {
        string json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        IEnumerable<string> values = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject()
            .Select(pair => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(pair.Value!.GetValue<string>())));
        return string.Join('\n', [json, .. values]);
    }

    [Test]
    public async Task A_wrong_password_is_refused_on_the_page_and_sets_no_cookie()
    {
        await using BlazorSampleServer sample = await BlazorSampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient browser = sample.CreateClient(jar);

        HttpResponseMessage refused = await SignInAsync(browser, "ada", "not-her-password", null);

        (await refused.Content.ReadAsStringAsync()).ShouldContain("Wrong login or password.");
        jar.GetCookies(sample.Address)["ironseal_sample"].ShouldBeNull();
    }

    [Test]
    public async Task A_tampered_session_cookie_reads_as_signed_out_not_as_an_error()
    {
        await using BlazorSampleServer sample = await BlazorSampleServer.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = sample.Address };
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", "ironseal_sample=Fe26.2*1*not-a-seal");

        HttpResponseMessage response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<span id=\"who\">Guest</span>");
    }

    [Test]
    public async Task A_sign_out_posted_without_the_antiforgery_token_is_refused_and_the_user_stays_signed_in()
    {
        await using BlazorSampleServer sample = await BlazorSampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient browser = sample.CreateClient(jar);
        await SignInAsync(browser, "ada", "lovelace-1815", "/account");

        HttpResponseMessage forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([new("returnUrl", "/")]));

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a cross-site form cannot sign the user out");
        (await browser.GetStringAsync("/account")).ShouldContain("Signed in as Ada Lovelace (admin)");
    }

    [Test]
    public async Task Outside_development_the_development_password_stops_start_up_with_what_to_set()
    {
        const string DevelopmentPassword = "development-only-password-never-use-in-production-0123456789";

        var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
            BlazorSampleServer.StartAsync("--environment", "Production", $"--IronSession:Password={DevelopmentPassword}"));

        refused.Message.ShouldContain("the development password is not allowed outside Development");
        refused.Message.ShouldContain("IronSession__Password");
    }

    /// <summary>Posts the login form as a browser does (its antiforgery token and handler name) and follows the redirect.</summary>
    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string login, string password, string? returnUrl)
    {
        string page = returnUrl is null ? "/login" : "/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        string form = await browser.GetStringAsync(page);
        string token = AntiforgeryToken(form);
        token.ShouldNotBeEmpty("the login page carries an antiforgery token");
        return await browser.PostAsync(page, new FormUrlEncodedContent(
        [
            new("_handler", "login"),
            new("__RequestVerificationToken", token),
            new("Input.Login", login),
            new("Input.Password", password),
        ]));
    }

    /// <summary>The antiforgery token of the page's form (empty when it has none).</summary>
    internal static string AntiforgeryToken(string html) => WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups["token"].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
