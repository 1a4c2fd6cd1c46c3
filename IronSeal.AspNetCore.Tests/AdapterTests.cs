using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.AspNetCore.Tests;

public sealed class CounterSession
{
    public int Count { get; set; }
}

/// <summary>The adapter itself, on a small Kestrel app at 127.0.0.1.</summary>
public sealed class AdapterTests
{
    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(Action<WebApplication> map, FakeTimeProvider? clock = null, Action<IronSessionSettings>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        if (clock is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(clock);
        }

        builder.Services.AddIronSession<CounterSession>(settings =>
        {
            settings.CookieName = "counter";
            settings.Password = Repository.Password;
            settings.Cookie.Secure = false;
            configure?.Invoke(settings);
        });
        WebApplication app = builder.Build();
        map(app);
        await app.StartAsync();
        string address = app.Urls.Single();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(address) };
        return (app, client);
    }

    private static void MapCounter(WebApplication app) => app.MapGet("/count", (Func<HttpContext, Task<int>>)(async context =>
    {
        IronSession<CounterSession> session = await context.GetIronSessionAsync<CounterSession>();
        session.Data.Count++;
        await session.SaveAsync();
        return session.Data.Count;
    }));

    [Test]
    public async Task GetIronSessionAsync_returns_one_instance_per_request()
    {
        (WebApplication app, HttpClient client) = await StartAsync(a => a.MapGet("/same", (Func<HttpContext, Task<bool>>)(async context =>
            ReferenceEquals(await context.GetIronSessionAsync<CounterSession>(), await context.GetIronSessionAsync<CounterSession>()))));
        await using (app)
        using (client)
        {
            (await client.GetStringAsync("/same")).ShouldBe("true");
        }
    }

    [Test]
    public async Task Sessions_persist_across_requests()
    {
        (WebApplication app, HttpClient client) = await StartAsync(MapCounter);
        await using (app)
        using (client)
        {
            (await client.GetStringAsync("/count")).ShouldBe("1");
            (await client.GetStringAsync("/count")).ShouldBe("2");
            (await client.GetStringAsync("/count")).ShouldBe("3");
        }
    }

    [Test]
    public async Task An_unregistered_session_type_is_a_clear_error()
    {
        (WebApplication app, HttpClient client) = await StartAsync(a => a.MapGet("/wrong", (Func<HttpContext, Task<string>>)(async context =>
        {
            try
            {
                await context.GetIronSessionAsync<Sample.AppSession>();
                return "no error";
            }
            catch (InvalidOperationException exception)
            {
                return exception.Message;
            }
        })));
        await using (app)
        using (client)
        {
            (await client.GetStringAsync("/wrong")).ShouldContain("AddIronSession<AppSession>()");
        }
    }

    [Test]
    public async Task Saving_after_the_response_started_is_a_clear_error_not_a_lost_cookie()
    {
        (WebApplication app, HttpClient client) = await StartAsync(a => a.MapGet("/late", async (HttpContext context) =>
        {
            IronSession<CounterSession> session = await context.GetIronSessionAsync<CounterSession>();
            await context.Response.WriteAsync("body first; ");
            try
            {
                await session.SaveAsync();
                await context.Response.WriteAsync("saved");
            }
            catch (ResponseAlreadyStartedException exception)
            {
                await context.Response.WriteAsync(exception.Message);
            }

            // A save hands the store characters (the span Set), a destroy a string: both refuse alike.
            try
            {
                session.Destroy();
                await context.Response.WriteAsync("; destroyed");
            }
            catch (ResponseAlreadyStartedException exception)
            {
                await context.Response.WriteAsync("; " + exception.Message);
            }
        }));
        await using (app)
        using (client)
        {
            string body = await client.GetStringAsync("/late");
            body.Split("; ").Skip(1).ShouldAllBe(message => message.Contains("the response has already started"));
            body.Split("; ").Length.ShouldBe(3);
        }
    }

    [Test]
    public async Task Rolling_sessions_are_reissued_before_the_response_starts_when_half_the_ttl_is_gone()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        (WebApplication app, HttpClient client) = await StartAsync(
            a =>
            {
                MapCounter(a);
                a.MapGet("/read", (Func<HttpContext, Task<int>>)(async context => (await context.GetIronSessionAsync<CounterSession>()).Data.Count));
            },
            clock,
            settings =>
            {
                settings.Rolling = true;
                settings.Ttl = TimeSpan.FromHours(1);
            });
        await using (app)
        using (client)
        {
            await client.GetStringAsync("/count");

            clock.Advance(TimeSpan.FromMinutes(20));
            HttpResponseMessage early = await client.GetAsync("/read");
            early.Headers.Contains("Set-Cookie").ShouldBeFalse();

            clock.Advance(TimeSpan.FromMinutes(20));
            HttpResponseMessage late = await client.GetAsync("/read");
            late.Headers.GetValues("Set-Cookie").Single().ShouldContain("; Max-Age=3540; ");

            clock.Advance(TimeSpan.FromMinutes(50)); // 90 minutes after sign-in: alive because it was re-issued at 40
            (await client.GetStringAsync("/read")).ShouldBe("1");

            clock.Advance(TimeSpan.FromHours(2)); // idle past the ttl
            (await client.GetStringAsync("/read")).ShouldBe("0");
        }
    }

    private static Task<(WebApplication App, HttpClient Client)> StartRollingAsync(FakeTimeProvider clock, Action<WebApplication> map) =>
        StartAsync(
            a =>
            {
                MapCounter(a);
                map(a);
            },
            clock,
            settings =>
            {
                settings.Rolling = true;
                settings.Ttl = TimeSpan.FromHours(1);
            });

    [Test]
    public async Task A_due_renewal_reissues_the_data_as_read_never_changes_the_handler_did_not_save()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        (WebApplication app, HttpClient client) = await StartRollingAsync(clock, a =>
        {
            a.MapGet("/declined", (Func<HttpContext, Task<IResult>>)(async context =>
            {
                IronSession<CounterSession> session = await context.GetIronSessionAsync<CounterSession>();
                session.Data.Count = 1_000; // changed, then the handler decides not to save (a declined payment)
                return Results.StatusCode(StatusCodes.Status402PaymentRequired);
            }));
            a.MapGet("/read", (Func<HttpContext, Task<int>>)(async context => (await context.GetIronSessionAsync<CounterSession>()).Data.Count));
        });
        await using (app)
        using (client)
        {
            await client.GetStringAsync("/count");
            clock.Advance(TimeSpan.FromMinutes(40));

            HttpResponseMessage declined = await client.GetAsync("/declined");

            declined.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired);
            declined.Headers.GetValues("Set-Cookie").Single().ShouldContain("; Max-Age=3540; "); // renewed…
            (await client.GetStringAsync("/read")).ShouldBe("1");                                 // …with the data as read
        }
    }

    [Test]
    public async Task A_due_session_opened_after_the_response_started_is_read_without_a_renewal_and_without_an_error()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        (WebApplication app, HttpClient client) = await StartRollingAsync(clock, a =>
            a.MapGet("/late", async context =>
            {
                await context.Response.WriteAsync("started;");
                IronSession<CounterSession> session = await context.GetIronSessionAsync<CounterSession>();
                await context.Response.WriteAsync(session.Data.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }));
        await using (app)
        using (client)
        {
            await client.GetStringAsync("/count");
            clock.Advance(TimeSpan.FromMinutes(40));

            HttpResponseMessage late = await client.GetAsync("/late");

            late.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await late.Content.ReadAsStringAsync()).ShouldBe("started;1");
            late.Headers.Contains("Set-Cookie").ShouldBeFalse();
        }
    }
}
