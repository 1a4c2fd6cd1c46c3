using IronSeal.Blazor.Tests.Support;
using Microsoft.Playwright;

namespace IronSeal.Blazor.Tests;

/// <summary>
/// Headless Chromium (Debian's, installed by eng/test-setup.sh) through the Blazor sample: static sign-in, an
/// <c>[Authorize]</c> page, an interactive server component and a WebAssembly component that show the user, and sign-out.
/// </summary>
[Category("Browser")]
public sealed class BrowserTests
{
    private static readonly PageWaitForURLOptions s_committed = new() { WaitUntil = WaitUntilState.Commit };

    // The first WebAssembly start in a fresh browser profile downloads and compiles the .NET runtime: seconds alone, and
    // past 30 s once on a 2-core machine running the other test projects beside it.
    private static readonly LocatorAssertionsToHaveTextOptions s_webAssemblyStart = new() { Timeout = 120_000 };

    [OneTimeSetUp]
    public void WaitLongerThanPlaywrightsDefault() => Assertions.SetDefaultExpectTimeout(30_000); // a circuit's start under load

    [Test]
    public async Task Sign_in_see_the_user_in_static_server_and_webassembly_components_then_sign_out()
    {
        Chromium.Require(); // before the app starts: a missing browser is reported with the command that installs it
        await using BlazorSampleServer sample = await BlazorSampleServer.StartAsync();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await Chromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = sample.Address.ToString() });
        IPage page = await context.NewPageAsync();
        page.Console += (_, message) => TestContext.Out.WriteLine($"browser {message.Type}: {message.Text}"); // shown when a test fails

        // A guest's write from a static form: the session cookie is set by that response.
        await page.GotoAsync("/");
        await page.ClickAsync("#add-ink");
        await Assertions.Expect(page.Locator("#cart-count")).ToHaveTextAsync("1");

        // Anonymous: the authorized page sends the browser to the login page, which returns it there.
        await page.GotoAsync("/account");
        page.Url.ShouldEndWith("/login?ReturnUrl=%2Faccount");
        (await page.TextContentAsync("#who")).ShouldBe("Guest");

        await page.FillAsync("#login", "ada");
        await page.FillAsync("#password", "lovelace-1815");
        await page.ClickAsync("#submit-login");
        await page.WaitForURLAsync("**/account", s_committed);
        (await page.TextContentAsync("#account-name")).ShouldBe("Signed in as Ada Lovelace (admin)");
        (await page.TextContentAsync("#who")).ShouldBe("Signed in as Ada Lovelace");
        (await context.CookiesAsync()).Single(c => c.Name == "ironseal_sample").HttpOnly.ShouldBeTrue();

        // The interactive server component: the circuit's user, and the session the page request carried (the guest's
        // cart followed the user in at sign-in).
        await Assertions.Expect(page.Locator("#circuit-mode")).ToHaveTextAsync("Interactive (Server)");
        await Assertions.Expect(page.Locator("#circuit-user")).ToHaveTextAsync("Circuit user: Ada Lovelace");
        await Assertions.Expect(page.Locator("#circuit-cart")).ToHaveTextAsync("Cart in the session: 1 item(s)");

        // The WebAssembly component: the user carried over in the page's persisted state.
        await Assertions.Expect(page.Locator("#wasm-mode")).ToHaveTextAsync("Interactive (WebAssembly)", s_webAssemblyStart);
        await Assertions.Expect(page.Locator("#wasm-user")).ToHaveTextAsync("WebAssembly user: Ada Lovelace");

        // A save from the circuit is refused with what to do instead; the session is untouched.
        string cookieBefore = (await context.CookiesAsync()).Single(c => c.Name == "ironseal_sample").Value;
        await page.ClickAsync("#save-from-circuit");
        await Assertions.Expect(page.Locator("#save-message")).ToContainTextAsync("cannot be saved from an interactive component");
        (await context.CookiesAsync()).Single(c => c.Name == "ironseal_sample").Value.ShouldBe(cookieBefore);

        // Sign out: a form post; the account page is closed again.
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync("**/?signedout=1", s_committed);
        (await page.TextContentAsync("#flash")).ShouldBe("You are signed out.");
        (await page.TextContentAsync("#who")).ShouldBe("Guest");
        (await context.CookiesAsync()).ShouldNotContain(c => c.Name == "ironseal_sample");
        await page.GotoAsync("/account");
        page.Url.ShouldEndWith("/login?ReturnUrl=%2Faccount");
    }

    [Test]
    [Category("Node")]
    public async Task A_user_signed_in_by_iron_session_9_is_the_user_of_the_interactive_components()
    {
        Chromium.Require(); // before the app starts: a missing browser is reported with the command that installs it
        await using BlazorSampleServer sample = await BlazorSampleServer.StartAsync();
        using NodeServer node = await NodeServer.StartAsync("peer-server.mjs", "v9", Repository.Password);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await Chromium.LaunchAsync(playwright);
        IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = sample.Address.ToString() });
        IPage page = await context.NewPageAsync();
        page.Console += (_, message) => TestContext.Out.WriteLine($"browser {message.Type}: {message.Text}"); // shown when a test fails

        // The Node app signs the browser in (its Set-Cookie lands in this context's jar: same host, another port).
        (await context.APIRequest.PostAsync(new Uri(node.Address, "/api/session?login=alan").ToString())).Ok.ShouldBeTrue();
        await page.GotoAsync("/account");

        (await page.TextContentAsync("#account-name")).ShouldBe("Signed in as Alan Turing (user)");
        await Assertions.Expect(page.Locator("#circuit-user")).ToHaveTextAsync("Circuit user: Alan Turing");
        await Assertions.Expect(page.Locator("#wasm-user")).ToHaveTextAsync("WebAssembly user: Alan Turing", s_webAssemblyStart);
    }
}
