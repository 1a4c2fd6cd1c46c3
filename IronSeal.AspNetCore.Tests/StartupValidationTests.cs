using IronSeal.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace IronSeal.AspNetCore.Tests;

/// <summary>A misconfiguration stops the app at start-up with a message that says what to change, never the password.</summary>
public sealed class StartupValidationTests
{
    private static async Task<string> StartupFailure(params string[] settings)
    {
        await using var app = SampleServer.Build(settings);
        var exception = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync());
        return exception.Message;
    }

    [Test]
    public async Task Production_refuses_to_start_without_a_password()
    {
        // No appsettings.Development.json in Production, and an empty password from the command line.
        string message = await StartupFailure("--environment", "Production", "--IronSession:Password=");

        message.ShouldContain("IronSession:Password");
    }

    [Test]
    public async Task Production_refuses_the_development_password() =>
        (await StartupFailure("--environment", "Production", $"--IronSession:Password={IronSeal.Sample.SampleApp.DevelopmentPassword}"))
            .ShouldContain("not allowed outside Development");

    [Test]
    public async Task A_short_password_is_refused_without_showing_it()
    {
        string message = await StartupFailure("--IronSession:Password=short-secret-xyz");

        message.ShouldContain("needs at least 32");
        message.ShouldNotContain("short-secret-xyz");
    }

    [Test]
    public async Task A_missing_cookie_name_is_refused() =>
        (await StartupFailure("--IronSession:CookieName=")).ShouldContain("IronSession:CookieName");

    [Test]
    public async Task SameSite_None_without_Secure_is_refused_in_configuration_terms()
    {
        string message = await StartupFailure("--IronSession:Cookie:SameSite=None");

        message.ShouldContain("Set IronSession:Cookie:Secure to true, or set IronSession:Cookie:SameSite to Lax.");
        message.ShouldContain("IronSession:Cookie: ");
        message.ShouldNotContain("Secure = true");
        message.ShouldNotContain("IronSessionOptions");
        message.ShouldNotContain("(Parameter");
    }

    [TestCase("--IronSession:Cookie:SameSite=Lux", "IronSession:Cookie:SameSite", "Strict, Lax, None")]
    public async Task A_misspelled_choice_is_refused_with_the_values_it_can_take(string setting, string key, string values)
    {
        string message = await StartupFailure(setting);

        message.ShouldContain(key);
        message.ShouldContain($"Use one of: {values}.");
    }

    [Test]
    public async Task A_ttl_of_iron_sessions_seconds_read_as_days_is_refused_with_the_TimeSpan_form()
    {
        // 1209600 is iron-session's 14 days in seconds; configuration reads a bare number as days.
        string message = await StartupFailure("--IronSession:Ttl=1209600");

        message.ShouldContain("IronSession:Ttl is 1209600 days");
        message.ShouldContain("\"14.00:00:00\"");
        message.ShouldContain("a bare number is days, not seconds");
    }

    [Test]
    public async Task A_cookie_max_age_over_400_days_is_refused_and_400_days_starts_and_a_zero_ttl_is_refused_by_revocation()
    {
        (await StartupFailure("--IronSession:Cookie:MaxAge=401.00:00:00")).ShouldContain("IronSession:Cookie:MaxAge is 401 days");

        await using (SampleServer fourHundred = await SampleServer.StartAsync("--IronSession:Ttl=400.00:00:00", "--IronSession:AbsoluteLifetime="))
        {
            using HttpClient client = fourHundred.CreateRawClient();
            (await client.GetAsync("/")).Headers.GetValues("Set-Cookie").Single().ShouldContain("; Max-Age=34559940;");
        }

        // A zero ttl with no absolute lifetime never expires (its Max-Age, 2147483647: IronSessionTests): the sample
        // revokes sessions, and a revocation of a session that never expires could never be forgotten.
        await using WebApplication forever = SampleServer.Build("--IronSession:Ttl=00:00:00", "--IronSession:AbsoluteLifetime=");
        (await Should.ThrowAsync<InvalidOperationException>(() => forever.StartAsync())).Message.ShouldContain("never expire (Ttl = 0 and no AbsoluteLifetime)");
    }

    [Test]
    public async Task Both_a_password_and_a_password_set_is_refused() =>
        (await StartupFailure($"--IronSession:Passwords:2={Repository.Password}2")).ShouldContain("not both");

    [Test]
    public async Task A_rotated_password_set_from_configuration_starts()
    {
        await using SampleServer server = await SampleServer.StartAsync(
            "--IronSession:Password=", $"--IronSession:Passwords:2={Repository.Password}-new", $"--IronSession:Passwords:1={Repository.Password}");
        using HttpClient client = server.CreateRawClient();

        string setCookie = (await client.GetAsync("/")).Headers.GetValues("Set-Cookie").Single();

        setCookie.ShouldStartWith("ironseal_sample=Fe26.2*2*");
    }

    [Test]
    public async Task BrowserSessionCookie_from_configuration_writes_no_max_age()
    {
        await using SampleServer server = await SampleServer.StartAsync("--IronSession:BrowserSessionCookie=true");
        using HttpClient client = server.CreateRawClient();

        string setCookie = (await client.GetAsync("/")).Headers.GetValues("Set-Cookie").Single();

        setCookie.ShouldNotContain("Max-Age");
        setCookie.ShouldNotContain("Expires");
    }

    [Test]
    public async Task AbsoluteLifetime_from_configuration_caps_the_cookie_and_a_tiny_one_is_refused()
    {
        await using (SampleServer server = await SampleServer.StartAsync("--IronSession:AbsoluteLifetime=00:10:00"))
        {
            using HttpClient client = server.CreateRawClient();
            (await client.GetAsync("/")).Headers.GetValues("Set-Cookie").Single().ShouldContain("; Max-Age=600;");
        }

        (await StartupFailure("--IronSession:AbsoluteLifetime=00:00:00.5")).ShouldContain("AbsoluteLifetime");
    }
}
