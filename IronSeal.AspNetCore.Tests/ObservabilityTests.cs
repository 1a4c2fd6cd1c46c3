using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IronSeal.AspNetCore.Tests;

/// <summary>
/// Logs and metrics (issue 11, part 7) on Kestrel: a deploy that changed the password shows as a spike of
/// <c>ironseal.cookies.refused</c> with reason <c>BadMac</c>, and each refusal is logged under <c>IronSeal</c> with its event id.
/// </summary>
public sealed class ObservabilityTests
{
    /// <summary>An app with one session type of <typeparamref name="T"/> on a unique cookie, its IronSeal logs collected from <paramref name="level"/> up.</summary>
    private static WebApplication App<T>(string cookie, LogLevel level)
        where T : class
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders().AddFakeLogging().AddFilter("IronSeal", level);
        builder.Services.AddIronSession<T>(settings =>
        {
            settings.CookieName = cookie;
            settings.Password = Repository.Password;
            settings.Cookie.Secure = false;
        });
        return builder.Build();
    }

    [Test]
    public async Task Cookies_of_another_password_are_counted_by_reason_and_logged_with_an_event_id()
    {
        string cookie = "obs_" + Guid.NewGuid().ToString("N")[..8];
        await using WebApplication app = App<CounterSession>(cookie, LogLevel.Debug);
        app.MapPost("/count", async (IronSession<CounterSession> session) =>
        {
            session.Data.Count++;
            await session.SaveAsync();
            return session.Data.Count;
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());

        using var refused = new MetricCollector<long>(null, "IronSeal", "ironseal.cookies.refused");
        using var opened = new MetricCollector<long>(null, "IronSeal", "ironseal.sessions.opened");
        using var saved = new MetricCollector<long>(null, "IronSeal", "ironseal.sessions.saved");
        string before = Iron.Seal(new CounterSession { Count = 5 }, new SealOptions { Password = "the-password-before-the-deploy-0123456789" }) + "~2";
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        for (int i = 0; i < 3; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/count"));
            request.Headers.Add("Cookie", $"{cookie}={before}");
            HttpResponseMessage response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).ShouldBe("1", "a cookie of the old password is an empty session");
        }

        (await client.PostAsync(new Uri(address, "/count"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        CollectedMeasurement<long>[] mine = [.. refused.GetMeasurementSnapshot().Where(m => m.Tags["ironseal.cookie.name"] as string == cookie)];
        mine.Length.ShouldBe(3);
        mine.ShouldAllBe(m => (string?)m.Tags["ironseal.seal.error"] == "BadMac");
        opened.GetMeasurementSnapshot().Count(m => m.Tags["ironseal.cookie.name"] as string == cookie && (string?)m.Tags["ironseal.session.state"] == "refused").ShouldBe(3);
        opened.GetMeasurementSnapshot().Count(m => m.Tags["ironseal.cookie.name"] as string == cookie && (string?)m.Tags["ironseal.session.state"] == "none").ShouldBe(1);
        saved.GetMeasurementSnapshot().Count(m => m.Tags["ironseal.cookie.name"] as string == cookie).ShouldBe(4);

        FakeLogRecord[] logs = [.. app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "IronSeal")];
        logs.Length.ShouldBe(3);
        logs.ShouldAllBe(r => r.Id.Id == 1 && r.Id.Name == "CookieRefused" && r.Level == LogLevel.Debug);
        logs[0].Message.ShouldBe($"The session cookie {cookie} did not open (BadMac); the request gets an empty session.");
    }

    public sealed class TypedSession
    {
        public string? UserId { get; set; }
    }

    [Test]
    public async Task Warnings_are_counted_every_time_and_logged_at_warning_once_per_cause()
    {
        string cookie = "warn_" + Guid.NewGuid().ToString("N")[..8];
        await using WebApplication app = App<TypedSession>(cookie, LogLevel.Warning);
        app.MapGet("/", (IronSession<TypedSession> session) => session.Data.UserId ?? "anonymous");
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        using var warnings = new MetricCollector<long>(null, "IronSeal", "ironseal.sessions.warnings");
        var seal = new SealOptions { Password = Repository.Password };
        string drifted = Iron.Seal(new { userId = 42 }, seal) + "~2";
        string ada = Iron.Seal(new { userId = "ada" }, seal) + "~2";
        string alan = Iron.Seal(new { userId = "alan" }, seal) + "~2";
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });

        async Task<string> Get(string header)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Add("Cookie", header);
            HttpResponseMessage response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return await response.Content.ReadAsStringAsync();
        }

        (await Get($"{cookie}={drifted}")).ShouldBe("anonymous");
        (await Get($"{cookie}={drifted}")).ShouldBe("anonymous");
        (await Get($"{cookie}={ada}; {cookie}={alan}")).ShouldBe("ada");
        (await Get($"{cookie}={ada}; {cookie}={alan}")).ShouldBe("ada");
        (await Get($"{cookie}={ada}; {cookie}={ada}")).ShouldBe("ada");

        warnings.GetMeasurementSnapshot().Count(m => m.Tags["ironseal.cookie.name"] as string == cookie).ShouldBe(5);
        warnings.GetMeasurementSnapshot().Count(m => (string?)m.Tags["ironseal.warning"] == "DataDoesNotFit" && m.Tags["ironseal.cookie.name"] as string == cookie).ShouldBe(2);
        FakeLogRecord[] logs = [.. app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "IronSeal")];
        logs.Length.ShouldBe(3); // the drift once, both-open once, same-value once
        logs.ShouldAllBe(r => r.Id.Id == 5 && r.Id.Name == "SessionWarning" && r.Level == LogLevel.Warning);
        logs[0].Message.ShouldContain($"The session cookie {cookie} (DataDoesNotFit, read as TypedSession)");
        logs[0].Message.ShouldContain("$.userId");
        logs[1].Message.ShouldContain("DuplicateCookie");
        logs[1].Message.ShouldContain("Both open, to different sessions");
        logs[2].Message.ShouldContain("the same value");
    }
}
