using IronSeal.AspNetCore.Tests.Support;
using Microsoft.Playwright;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// A real browser: headless Chromium (Debian's /usr/bin/chromium, installed by eng/test-setup.sh) driven by
/// Playwright for .NET through the sample's forms.
/// </summary>
[Category("Browser")]
public sealed class BrowserTests
{
    // A navigation counts once the server's answer is committed; each check after it waits for its own element. (Waiting
    // for the load event raced with fast redirects now and then: a 30 s timeout on a page that had loaded.)
    private static readonly PageWaitForURLOptions s_committed = new() { WaitUntil = WaitUntilState.Commit };

    [Test]
    public async Task Sign_in_reload_add_to_cart_onboard_and_sign_out_in_chromium()
    {
        Chromium.Require(); // before the app starts: a missing browser is reported with the command that installs it
        await using SampleServer server = await SampleServer.StartAsync();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await Chromium.LaunchAsync(playwright);

        // Sign in through the form.
        IPage page = await SignedInPageAsync(browser, server);
        IBrowserContext context = page.Context;
        (await page.TextContentAsync("#flash")).ShouldBe("Welcome, Ada Lovelace.");

        // Reload: still signed in, the flash was shown once.
        await page.ReloadAsync();
        (await page.TextContentAsync("#who")).ShouldBe("Signed in as Ada Lovelace");
        (await page.Locator("#flash").CountAsync()).ShouldBe(0);

        // The session cookie is HttpOnly: invisible to scripts, present in the browser.
        (await page.EvaluateAsync<string>("() => document.cookie")).ShouldNotContain("ironseal_sample");
        IReadOnlyList<BrowserContextCookiesResult> cookies = await context.CookiesAsync();
        BrowserContextCookiesResult sessionCookie = cookies.Single(c => c.Name == "ironseal_sample");
        sessionCookie.HttpOnly.ShouldBeTrue();
        sessionCookie.SameSite.ShouldBe(SameSiteAttribute.Lax);
        sessionCookie.Value.ShouldStartWith("Fe26.2*1*");

        // Add to the cart.
        await page.GotoAsync("/");
        // The post redirects back to this same URL, so waiting for the URL could return before the post: wait for what
        // the answer shows instead (Expect retries until it appears).
        await page.ClickAsync("#add-ink");
        await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("Added Ink bottle.");
        string cart = await page.TextContentAsync("#cart") ?? "";
        cart.ShouldContain("Ink bottle");
        cart.ShouldContain("Notebook"); // the account's saved cart

        // Onboarding in three steps; the state lives in the cookie across a reload.
        await page.GotoAsync("/onboarding");
        await page.FillAsync("#displayName", "Ada");
        await page.ClickAsync("#next");
        (await page.TextContentAsync("#step")).ShouldBe("Step 2 of 3");
        await page.ReloadAsync();
        (await page.TextContentAsync("#step")).ShouldBe("Step 2 of 3");
        await page.FillAsync("#team", "Analytical Engine");
        await page.ClickAsync("#next");
        await page.SelectOptionAsync("#plan", "Pro");
        await page.ClickAsync("#next");
        await page.WaitForURLAsync("**/profile", s_committed);
        (await page.TextContentAsync("#onboarding-status")).ShouldBe("Onboarding complete: Ada, team Analytical Engine, plan Pro.");

        // Sign out.
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync("**/?signedout=1", s_committed);
        (await page.TextContentAsync("#who")).ShouldBe("Guest");
        await page.GotoAsync("/api/session");
        (await page.TextContentAsync("body")).ShouldBe("{\"authenticated\":false}");
        await page.GotoAsync("/profile");
        page.Url.ShouldContain("/login");

        // The admin page: a guest is sent to sign in and back; alan may not open it, ada may.
        await page.GotoAsync("/admin");
        page.Url.ShouldEndWith("/login?ReturnUrl=%2Fadmin");
        await page.FillAsync("#login", "alan");
        await page.FillAsync("#password", "turing-1912");
        await page.ClickAsync("#submit-login");
        await page.WaitForURLAsync("**/admin", s_committed);
        (await page.TextContentAsync("#forbidden")).ShouldBe("Your account may not open this page.");
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync("**/?signedout=1", s_committed);
        await page.GotoAsync("/admin");
        await page.FillAsync("#login", "ada");
        await page.FillAsync("#password", "lovelace-1815");
        await page.ClickAsync("#submit-login");
        await page.WaitForURLAsync("**/admin", s_committed);
        (await page.TextContentAsync("#admin")).ShouldBe("Signed in as Ada Lovelace, with the role admin.");
    }

    [Test]
    public async Task Sign_out_everywhere_on_the_profile_page_signs_the_user_out_of_another_browser()
    {
        Chromium.Require();
        await using SampleServer server = await SampleServer.StartAsync();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await Chromium.LaunchAsync(playwright);
        IPage laptop = await SignedInPageAsync(browser, server);
        IPage phone = await SignedInPageAsync(browser, server);

        await phone.GotoAsync("/profile");
        await phone.ClickAsync("#sign-out-everywhere");
        await phone.WaitForURLAsync("**/?signedout=everywhere", s_committed);
        (await phone.TextContentAsync("#flash")).ShouldBe("You are signed out in every browser.");
        (await phone.TextContentAsync("#who")).ShouldBe("Guest");

        // The laptop's cookie is unchanged, and refused: the instance revoked it (at once, since it revoked it itself).
        await laptop.GotoAsync("/profile");
        laptop.Url.ShouldContain("/login?ReturnUrl=%2Fprofile");
        (await laptop.TextContentAsync("#who")).ShouldBe("Guest");
    }

    private static async Task<IPage> SignedInPageAsync(IBrowser browser, SampleServer server)
    {
        IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString() });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#login", "ada");
        await page.FillAsync("#password", "lovelace-1815");
        await page.ClickAsync("#submit-login");
        await page.WaitForURLAsync("**/profile", s_committed);
        (await page.TextContentAsync("#who")).ShouldBe("Signed in as Ada Lovelace");
        return page;
    }
}
