using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IronSeal.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// The sample's magic-link sign-in on a real Kestrel server, with the in-memory cache: a link shown in Development
/// opens a confirmation page that changes nothing, its form (the token and the CSRF token) signs in once, with a fresh
/// session, and anything else that is not a live link of this app gets a plain 400/410 page.
/// </summary>
public sealed partial class MagicLinkFlowTests
{
    private const string CookieName = "ironseal_sample";

    [GeneratedRegex("id=\"magic-link\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex MagicLinkHref();

    /// <summary>Asks for a link on the form and takes it from the Development outbox on the answer page.</summary>
    internal static async Task<string> RequestLinkAsync(HttpClient client, string login, string returnUrl = "/profile")
    {
        HttpResponseMessage response = await Forms.PostAsync(client, "/login/link", "/login/link", ("login", login), ("returnUrl", returnUrl));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Match link = MagicLinkHref().Match(await response.Content.ReadAsStringAsync());
        link.Success.ShouldBeTrue($"no link on the page for {login}");
        return WebUtility.HtmlDecode(link.Groups["href"].Value);
    }

    internal static async Task<JsonNode> ApiSession(HttpClient client) => JsonNode.Parse(await client.GetStringAsync("/api/session"))!;

    private static string TokenOf(string link) => Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);

    private static string LinkFor(string token) => "/login/link/use?token=" + Uri.EscapeDataString(token);

    /// <summary>What a user does with a link: opens it (the confirmation page), then presses the button.</summary>
    internal static Task<HttpResponseMessage> UseLinkAsync(HttpClient browser, string link) =>
        Forms.PostAsync(browser, link, "/login/link/use", ("token", TokenOf(link)));

    /// <summary>
    /// A link used in a new browser that follows no redirect: the confirmation page's status and page when it refuses
    /// the link, else the post's status, page and Location.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Page, string? Location)> FollowRawAsync(SampleServer server, string link)
    {
        using var raw = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.Address };
        HttpResponseMessage confirm = await raw.GetAsync(link);
        string page = await confirm.Content.ReadAsStringAsync();
        if (confirm.StatusCode != HttpStatusCode.OK)
        {
            return (confirm.StatusCode, page, null);
        }

        page.ShouldContain("id=\"confirm-link-form\"");
        var form = new FormUrlEncodedContent([new("_csrf", Forms.CsrfToken(page)), new("token", TokenOf(link))]);
        HttpResponseMessage used = await raw.PostAsync("/login/link/use", form);
        return (used.StatusCode, await used.Content.ReadAsStringAsync(), used.Headers.Location?.OriginalString);
    }

    [Test]
    public async Task Opening_a_link_only_shows_a_confirmation_signing_no_one_in_and_using_nothing_up()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();
        string link = await RequestLinkAsync(browser, "ada@example.com");

        // A mail scanner fetches the link twice; the user's browser opens it too.
        using HttpClient scanner = server.CreateRawClient();
        (await scanner.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await scanner.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.OK);
        HttpResponseMessage page = await browser.GetAsync(link);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        string html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("Sign in as <strong>Ada Lovelace</strong> (ada)?");
        html.ShouldContain("<form method=\"post\" action=\"/login/link/use\"");
        html.ShouldContain("name=\"token\"");
        html.ShouldContain("name=\"_csrf\"");
        (await ApiSession(browser))["authenticated"]!.GetValue<bool>().ShouldBeFalse();

        (await UseLinkAsync(browser, link)).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/profile");
        (await ApiSession(browser))["user"]!["login"]!.GetValue<string>().ShouldBe("ada");
    }

    [Test]
    public async Task A_post_of_the_token_without_the_victims_csrf_token_signs_no_one_in()
    {
        // Login CSRF: the attacker's page posts the attacker's own link token into the victim's browser.
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient attacker = server.CreateClient();
        string token = TokenOf(await RequestLinkAsync(attacker, "alan"));
        using HttpClient victim = server.CreateClient();
        await victim.GetStringAsync("/"); // the victim has a session and a CSRF token of their own

        foreach (string? csrf in new[] { null, "", Forms.CsrfToken(await attacker.GetStringAsync("/")) })
        {
            var fields = new List<KeyValuePair<string, string>> { new("token", token) };
            if (csrf is not null)
            {
                fields.Add(new("_csrf", csrf));
            }

            HttpResponseMessage response = await victim.PostAsync("/login/link/use", new FormUrlEncodedContent(fields));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await ApiSession(victim))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
        }

        // Nothing was used up: the link still signs its owner in.
        (await UseLinkAsync(attacker, "/login/link/use?token=" + Uri.EscapeDataString(token))).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/profile");
    }

    [Test]
    public async Task A_link_shown_in_Development_signs_in_once_and_then_is_refused()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();
        string link = await RequestLinkAsync(browser, "ada@example.com");
        link.ShouldStartWith("/login/link/use?token=Fe26.2");
        (await ApiSession(browser))["authenticated"]!.GetValue<bool>().ShouldBeFalse();

        HttpResponseMessage used = await UseLinkAsync(browser, link);

        used.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/profile");
        (await used.Content.ReadAsStringAsync()).ShouldContain("Welcome, Ada Lovelace.");
        (await ApiSession(browser))["user"]!["login"]!.GetValue<string>().ShouldBe("ada");

        // The same link again: in the same browser, and in another one.
        HttpResponseMessage again = await UseLinkAsync(browser, link);
        again.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await again.Content.ReadAsStringAsync()).ShouldContain("This sign-in link was used already");
        using HttpClient other = server.CreateClient();
        (await UseLinkAsync(other, link)).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await ApiSession(other))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Test]
    public async Task A_link_can_be_asked_for_by_login_and_another_spelling_of_a_used_token_is_refused_too()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();
        string link = await RequestLinkAsync(browser, "  ALAN ");
        (await UseLinkAsync(browser, link)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Everything after the "~" is outside the MAC: the same token, spelled differently, is the same token.
        string token = TokenOf(link);
        string respelled = token[..token.LastIndexOf('~')] + "~3";
        (await FollowRawAsync(server, LinkFor(respelled))).Status.ShouldBe(HttpStatusCode.Gone);
    }

    [Test]
    public async Task Following_a_link_starts_a_fresh_session_leaving_nothing_of_another_user()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();
        await Forms.PostAsync(browser, "/login", "/login", ("login", "alan"), ("password", "turing-1912"));
        await Forms.PostAsync(browser, "/", "/cart/add", ("sku", "pen"), ("note", "alan's"));
        string alansCsrf = Forms.CsrfToken(await browser.GetStringAsync("/"));
        string link = await RequestLinkAsync(browser, "ada");

        string profile = await (await UseLinkAsync(browser, link)).Content.ReadAsStringAsync();

        profile.ShouldContain("Profile of Ada Lovelace");
        profile.ShouldContain("Notebook"); // Ada's saved cart…
        profile.ShouldNotContain("Fountain pen"); // …and nothing of Alan's
        Forms.CsrfToken(profile).ShouldNotBe(alansCsrf);
    }

    [Test]
    public async Task A_guest_cart_is_merged_at_sign_in_by_link()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();
        await Forms.PostAsync(browser, "/", "/cart/add", ("sku", "ink"), ("note", ""));

        string profile = await (await UseLinkAsync(browser, await RequestLinkAsync(browser, "ada"))).Content.ReadAsStringAsync();

        profile.ShouldContain("Notebook");
        profile.ShouldContain("Ink bottle");
    }

    [Test]
    public async Task An_unknown_account_gets_the_same_answer_and_no_link()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();

        HttpResponseMessage response = await Forms.PostAsync(browser, "/login/link", "/login/link", ("login", "grace@example.com"));
        string page = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.ShouldContain("If an account matches <strong>grace@example.com</strong>, a sign-in link is on its way.");
        page.ShouldNotContain("magic-link");
        page.ShouldContain("no account matches"); // the Development outbox says so; only there
    }

    [Test]
    public async Task Outside_Development_no_link_is_shown_and_the_answer_does_not_tell_whether_the_account_exists()
    {
        await using SampleServer server = await SampleServer.StartAsync("--environment", "Production", "--IronSession:Cookie:Secure=false");
        using HttpClient browser = server.CreateClient();

        HttpResponseMessage known = await Forms.PostAsync(browser, "/login/link", "/login/link", ("login", "ada@example.com"));
        HttpResponseMessage unknown = await Forms.PostAsync(browser, "/login/link", "/login/link", ("login", "grace@example.com"));
        string knownPage = await known.Content.ReadAsStringAsync();

        known.StatusCode.ShouldBe(HttpStatusCode.OK);
        unknown.StatusCode.ShouldBe(known.StatusCode);
        knownPage.ShouldContain("E-mail is not configured on this server");
        knownPage.ShouldNotContain("token=");
        (await unknown.Content.ReadAsStringAsync()).ShouldBe(knownPage);
        known.Headers.Contains("Set-Cookie").ShouldBe(unknown.Headers.Contains("Set-Cookie"));
    }

    [Test]
    public async Task A_session_cookie_or_a_seal_made_without_the_purpose_or_for_another_is_not_a_link()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient browser = server.CreateClient(jar);
        await Forms.PostAsync(browser, "/login", "/login", ("login", "ada"), ("password", "lovelace-1815"));
        string sessionCookie = jar.GetCookies(server.Address)[CookieName]!.Value;
        string noPurpose = Iron.Seal(new { login = "ada" }, new SealOptions { Password = Repository.Password, Ttl = TimeSpan.FromMinutes(15) });
        string otherPurpose = Iron.Seal(new { login = "ada" }, new SealOptions { Password = Repository.Password, Purpose = "password-reset", Ttl = TimeSpan.FromMinutes(15) });

        foreach (string token in new[] { sessionCookie, noPurpose, otherPurpose })
        {
            (HttpStatusCode status, string page, _) = await FollowRawAsync(server, LinkFor(token));
            status.ShouldBe(HttpStatusCode.BadRequest);
            page.ShouldContain("This sign-in link is not valid");
        }
    }

    [TestCase("tampered")]
    [TestCase("truncated")]
    [TestCase("foreign")]
    [TestCase("garbage")]
    [TestCase("empty")]
    [TestCase("missing")]
    [TestCase("unknown account")]
    public async Task A_bad_link_gets_a_plain_400_page_and_signs_nobody_in(string kind)
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();
        string token = TokenOf(await RequestLinkAsync(browser, "ada"));
        var linkOptions = new SealOptions { Password = Repository.Password, Purpose = "magic-link", Ttl = TimeSpan.FromMinutes(15) };
        string link = kind switch
        {
            "tampered" => LinkFor(token[..80] + (token[80] == 'a' ? 'b' : 'a') + token[81..]),
            "truncated" => LinkFor(token[..(token.Length - 20)]),
            "foreign" => LinkFor(Iron.Seal(new { login = "ada" }, linkOptions with { Password = "another-apps-password-with-32-chars-or-more" })),
            "garbage" => "/login/link/use?token=%00%3Cscript%3E%22",
            "empty" => "/login/link/use?token=",
            "missing" => "/login/link/use",
            _ => LinkFor(Iron.Seal(new { login = "grace" }, linkOptions)),
        };

        (HttpStatusCode status, string page, _) = await FollowRawAsync(server, link);

        status.ShouldBe(HttpStatusCode.BadRequest);
        page.ShouldContain("This sign-in link is not valid");
        page.ShouldNotContain("<script>");
        (await ApiSession(browser))["authenticated"]!.GetValue<bool>().ShouldBeFalse();

        // Posted straight to the form's action with a valid CSRF token: refused the same way.
        string posted = kind == "missing" ? "" : Uri.UnescapeDataString(link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        HttpResponseMessage direct = await Forms.PostAsync(browser, "/login/link", "/login/link/use", ("token", posted));
        direct.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ApiSession(browser))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
        (await UseLinkAsync(browser, LinkFor(token))).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/profile"); // the real link still works
    }

    [Test]
    public async Task A_link_works_until_15_minutes_to_the_millisecond_and_is_refused_as_expired_from_then_on()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SampleServer server = await SampleServer.StartAsync(services => services.AddSingleton<TimeProvider>(clock));
        using HttpClient browser = server.CreateClient();
        string late = await RequestLinkAsync(browser, "ada");
        string inTime = await RequestLinkAsync(browser, "alan");

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromMilliseconds(1));
        (await FollowRawAsync(server, inTime)).Status.ShouldBe(HttpStatusCode.Redirect);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        (HttpStatusCode status, string page, _) = await FollowRawAsync(server, late);

        status.ShouldBe(HttpStatusCode.Gone);
        page.ShouldContain("This sign-in link has expired");
    }

    [TestCase("https://evil.example/")]
    [TestCase("//evil.example/")]
    [TestCase("/\\evil.example/")]
    [TestCase("/\t/evil.example/")]
    [TestCase("javascript:alert(1)")]
    public async Task An_off_site_return_url_is_never_followed(string returnUrl)
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();
        string asked = await RequestLinkAsync(browser, "ada", returnUrl);
        // A token carrying the off-site URL itself (as if the form had not checked it): checked again when used.
        string sealedOffSite = LinkFor(Iron.Seal(new { login = "ada", returnUrl },
            new SealOptions { Password = Repository.Password, Purpose = "magic-link", Ttl = TimeSpan.FromMinutes(15) }));
        foreach (string link in new[] { asked, sealedOffSite })
        {
            (HttpStatusCode status, _, string? location) = await FollowRawAsync(server, link);
            status.ShouldBe(HttpStatusCode.Redirect);
            location.ShouldBe("/profile");
        }

        HttpResponseMessage password = await Forms.PostAsync(browser, "/login", "/login", ("login", "ada"), ("password", "lovelace-1815"), ("returnUrl", returnUrl));
        password.RequestMessage!.RequestUri!.Host.ShouldBe(server.Address.Host);
        password.RequestMessage.RequestUri.AbsolutePath.ShouldBe("/profile");
    }

    [Test]
    public async Task A_local_return_url_is_followed()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();

        (_, _, string? location) = await FollowRawAsync(server, await RequestLinkAsync(browser, "ada", "/onboarding"));

        location.ShouldBe("/onboarding");
    }

    [Test]
    public async Task The_link_page_keeps_the_token_out_of_caches_and_referers()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();
        using HttpClient raw = server.CreateRawClient();

        HttpResponseMessage response = await raw.GetAsync(await RequestLinkAsync(browser, "ada"));

        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
    }

    [Test]
    public async Task The_link_form_needs_the_csrf_token_and_a_login()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient browser = server.CreateClient();
        await browser.GetStringAsync("/login/link");

        (await browser.PostAsync("/login/link", new FormUrlEncodedContent([new("login", "ada")]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        HttpResponseMessage empty = await Forms.PostAsync(browser, "/login/link", "/login/link", ("login", "  "));
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("Enter your login or e-mail address.");
    }
}
