using System.Net;
using System.Text.Json.Nodes;
using IronSeal.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.AspNetCore.Tests;

/// <summary>The sample app on a real Kestrel server at 127.0.0.1, driven by a real HttpClient with a cookie container.</summary>
public sealed class SampleFlowTests
{
    private const string CookieName = "ironseal_sample";

    private static async Task<JsonNode> ApiSession(HttpClient client) => JsonNode.Parse(await client.GetStringAsync("/api/session"))!;

    [Test]
    public async Task The_samples_rolling_session_is_renewed_while_used_but_dies_30_days_after_sign_in()
    {
        // Review finding 5: Rolling with no AbsoluteLifetime let a stolen cookie be renewed forever.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SampleServer server = await SampleServer.StartAsync(services => services.AddSingleton<TimeProvider>(clock));
        using HttpClient client = server.CreateClient();
        await Forms.PostAsync(client, "/login", "/login", ("login", "ada"), ("password", "lovelace-1815"));

        // Used every 4 days (past half the 7-day ttl): each request renews the cookie, so it lives on…
        for (int day = 4; day <= 28; day += 4)
        {
            clock.Advance(TimeSpan.FromDays(4));
            (await ApiSession(client))["authenticated"]!.GetValue<bool>().ShouldBeTrue($"day {day}");
        }

        // …but never past 30 days after the sign-in, however recently it was renewed.
        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(2));
        (await ApiSession(client))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
    }

    [TestCase("/login", "/login")]
    [TestCase("/", "/cart/add")]
    [TestCase("/login/link", "/login/link/use")]
    public async Task A_form_post_the_framework_cannot_read_gets_a_plain_400_page_not_a_500(string page, string action)
    {
        // ASP.NET Core's form reader throws for a %00 in a value; the sample answers with its error page.
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient client = server.CreateClient();
        string csrf = Forms.CsrfToken(await client.GetStringAsync(page));

        HttpResponseMessage response = await client.PostAsync(action, new StringContent(
            $"_csrf={Uri.EscapeDataString(csrf)}&token=%00%3Cscript%3E&login=%00", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        string html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("The form could not be read.");
        html.ShouldNotContain("<script>");
        (await ApiSession(client))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Test]
    public async Task The_whole_flow_guest_cart_sign_in_merge_flash_onboarding_sign_out()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient client = server.CreateClient();

        (await client.GetStringAsync("/")).ShouldContain("<span id=\"who\">Guest</span>");
        (await Forms.PostAsync(client, "/", "/cart/add", ("sku", "pen"), ("note", ""))).StatusCode.ShouldBe(HttpStatusCode.OK);
        string home = await client.GetStringAsync("/");
        home.ShouldContain("Fountain pen");
        (await ApiSession(client))["authenticated"]!.GetValue<bool>().ShouldBeFalse();

        HttpResponseMessage signedIn = await Forms.PostAsync(client, "/login?returnUrl=%2Fprofile", "/login", ("login", "ada"), ("password", "lovelace-1815"), ("returnUrl", "/profile"));
        string profile = await signedIn.Content.ReadAsStringAsync();
        signedIn.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/profile");
        profile.ShouldContain("Welcome, Ada Lovelace.");
        profile.ShouldContain("Notebook"); // the account's saved cart…
        profile.ShouldContain("Fountain pen"); // …merged with the guest cart
        (await client.GetStringAsync("/profile")).ShouldNotContain("Welcome, Ada Lovelace."); // flash shown once

        JsonNode api = await ApiSession(client);
        api["authenticated"]!.GetValue<bool>().ShouldBeTrue();
        api["user"]!["login"]!.GetValue<string>().ShouldBe("ada");

        (await (await Forms.PostAsync(client, "/onboarding", "/onboarding", ("action", "next"), ("displayName", "Ada"))).Content.ReadAsStringAsync()).ShouldContain("Step 2 of 3");
        (await (await Forms.PostAsync(client, "/onboarding", "/onboarding", ("action", "back"))).Content.ReadAsStringAsync()).ShouldContain("value=\"Ada\"");
        await Forms.PostAsync(client, "/onboarding", "/onboarding", ("action", "next"), ("displayName", "Ada"));
        await Forms.PostAsync(client, "/onboarding", "/onboarding", ("action", "next"), ("team", "Engines"));
        string finished = await (await Forms.PostAsync(client, "/onboarding", "/onboarding", ("action", "next"), ("plan", "Pro"))).Content.ReadAsStringAsync();
        finished.ShouldContain("Onboarding complete: Ada, team Engines, plan Pro.");

        string signedOut = await (await Forms.PostAsync(client, "/profile", "/logout")).Content.ReadAsStringAsync();
        signedOut.ShouldContain("You are signed out.");
        signedOut.ShouldContain("<span id=\"who\">Guest</span>");
        (await ApiSession(client))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Test]
    public async Task A_wrong_password_stays_signed_out_with_a_message()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient client = server.CreateClient();

        string page = await (await Forms.PostAsync(client, "/login", "/login", ("login", "ada"), ("password", "wrong"))).Content.ReadAsStringAsync();

        page.ShouldContain("Wrong login or password.");
        (await ApiSession(client))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Test]
    public async Task A_form_without_the_right_csrf_token_is_refused()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient client = server.CreateClient();
        await client.GetStringAsync("/");

        HttpResponseMessage missing = await client.PostAsync("/cart/add", new FormUrlEncodedContent([new("sku", "pen")]));
        HttpResponseMessage wrong = await client.PostAsync("/login", new FormUrlEncodedContent([new("_csrf", "forged"), new("login", "ada"), new("password", "lovelace-1815")]));

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ApiSession(client))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Test]
    public async Task The_cookie_has_the_configured_attributes()
    {
        await using SampleServer development = await SampleServer.StartAsync();
        await using SampleServer secure = await SampleServer.StartAsync("--IronSession:Cookie:Secure=true", "--IronSession:Cookie:SameSite=Strict", "--IronSession:Ttl=01:00:00");
        using HttpClient plain = development.CreateRawClient();
        using HttpClient strict = secure.CreateRawClient();

        string first = (await plain.GetAsync("/")).Headers.GetValues("Set-Cookie").Single();
        string second = (await strict.GetAsync("/")).Headers.GetValues("Set-Cookie").Single();

        first.ShouldStartWith($"{CookieName}=Fe26.2*1*");
        first.ShouldEndWith("~2; Max-Age=604740; Path=/; HttpOnly; SameSite=Lax");
        second.ShouldEndWith("~2; Max-Age=3540; Path=/; HttpOnly; Secure; SameSite=Strict");
    }

    [TestCase("tampered")]
    [TestCase("truncated")]
    [TestCase("foreign")]
    [TestCase("garbage")]
    [TestCase("expired")]
    public async Task A_bad_cookie_signs_the_user_out_and_never_gives_a_500(string kind)
    {
        await using SampleServer server = await SampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient client = server.CreateClient(jar);
        await Forms.PostAsync(client, "/login", "/login", ("login", "ada"), ("password", "lovelace-1815"));
        string seal = jar.GetCookies(server.Address)[CookieName]!.Value;
        string bad = kind switch
        {
            "tampered" => seal[..60] + (seal[60] == 'a' ? 'b' : 'a') + seal[61..],
            "truncated" => seal[..(seal.Length - 30)],
            "foreign" => Iron.Seal(new { user = new { id = "1", login = "ada", name = "Ada" } }, new SealOptions { Password = "another-apps-password-with-32-chars-or-more" }),
            "expired" => Iron.Seal(new { user = new { id = "1", login = "ada", name = "Ada" } }, new SealOptions
            {
                Password = Repository.Password,
                Ttl = TimeSpan.FromSeconds(1),
                TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(40)),
            }),
            _ => "%00;\"<script>",
        };
        using HttpClient raw = server.CreateRawClient();

        foreach (string path in new[] { "/", "/profile", "/onboarding", "/api/session", "/login" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", $"{CookieName}={bad}");
            request.Headers.Accept.ParseAdd("text/html"); // a browser: a page that needs sign-in redirects to the login page
            HttpResponseMessage response = await raw.SendAsync(request);
            ((int)response.StatusCode).ShouldBeOneOf([200, 302], $"{path} with a {kind} cookie");
            if (path == "/profile")
            {
                response.Headers.Location!.ToString().ShouldStartWith("/login");
            }

            if (path == "/api/session")
            {
                JsonNode.Parse(await response.Content.ReadAsStringAsync())!["authenticated"]!.GetValue<bool>().ShouldBeFalse();
            }
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, "/logout") { Content = new FormUrlEncodedContent([new("_csrf", "x")]) };
        post.Headers.Add("Cookie", $"{CookieName}={bad}");
        (await raw.SendAsync(post)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_session_too_big_for_a_cookie_is_refused_clearly_and_the_old_cookie_stays()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient client = server.CreateClient(jar);
        HttpResponseMessage? refused = null;
        string[] skus = ["notebook", "pen", "ink"];
        for (int i = 0; i < 6 && refused is null; i++)
        {
            string before = jar.GetCookies(server.Address)[CookieName]?.Value ?? "";
            HttpResponseMessage response = await Forms.PostAsync(client, "/", "/cart/add", ("sku", skus[i % 3]), ("note", new string((char)('a' + i), 1500)));
            if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
            {
                refused = response;
                response.Headers.Contains("Set-Cookie").ShouldBeFalse();
                jar.GetCookies(server.Address)[CookieName]!.Value.ShouldBe(before);
            }
        }

        refused.ShouldNotBeNull("six 1500-character notes must overflow a 4096-byte cookie");
        string page = await refused.Content.ReadAsStringAsync();
        page.ShouldContain("no longer fits in the session cookie");
        page.ShouldContain("4096 bytes");
        (await client.GetStringAsync("/")).ShouldContain("<table id=\"cart\">");
    }

    [Test]
    public async Task Delete_api_session_signs_out()
    {
        await using SampleServer server = await SampleServer.StartAsync();
        using HttpClient client = server.CreateClient();
        await Forms.PostAsync(client, "/login", "/login", ("login", "alan"), ("password", "turing-1912"));
        (await ApiSession(client))["user"]!["name"]!.GetValue<string>().ShouldBe("Alan Turing");

        JsonNode deleted = JsonNode.Parse(await (await client.DeleteAsync("/api/session")).Content.ReadAsStringAsync())!;

        deleted["authenticated"]!.GetValue<bool>().ShouldBeFalse();
        (await ApiSession(client))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Test]
    public async Task Two_instances_with_one_password_share_sessions()
    {
        await using SampleServer first = await SampleServer.StartAsync();
        await using SampleServer second = await SampleServer.StartAsync();
        var jar = new CookieContainer();
        using HttpClient onFirst = first.CreateClient(jar);
        await Forms.PostAsync(onFirst, "/login", "/login", ("login", "ada"), ("password", "lovelace-1815"));

        // The same browser cookie, sent to the other instance (another port, same host: cookies ignore ports).
        using HttpClient onSecond = second.CreateClient(jar);
        JsonNode api = await ApiSession(onSecond);

        api["user"]!["login"]!.GetValue<string>().ShouldBe("ada");
        await onSecond.DeleteAsync("/api/session");
        (await ApiSession(onFirst))["authenticated"]!.GetValue<bool>().ShouldBeFalse();
    }
}
