using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IronSeal.AspNetCore.Tests;

/// <summary>An MVC controller that takes the session in its constructor and as an action parameter.</summary>
[ApiController]
[Route("mvc")]
public sealed class SessionParameterController(IronSession<CounterSession> injected) : ControllerBase
{
    [HttpPost("count")]
    public async Task<int> Count([FromServices] IronSession<CounterSession> session)
    {
        session.Data.Count++;
        await session.SaveAsync();
        return session.Data.Count;
    }

    [HttpGet("same")]
    public async Task<bool> Same([FromServices] IronSession<CounterSession> session) =>
        ReferenceEquals(session, injected) && ReferenceEquals(session, await HttpContext.GetIronSessionAsync<CounterSession>());
}

/// <summary>
/// The session as a handler parameter (issue 11, part 3): a minimal-API handler, an MVC action and an MVC controller's
/// constructor get the same instance GetIronSessionAsync returns. Before, a minimal-API parameter of this type
/// stopped the app at start-up ("Body was inferred but the method does not allow inferred body parameters").
/// </summary>
public sealed class SessionParameterTests
{
    private static async Task<(WebApplication App, HttpClient Client)> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Services.AddIronSession<CounterSession>(settings =>
        {
            settings.CookieName = "counter";
            settings.Password = Repository.Password;
            settings.Cookie.Secure = false;
        });
        builder.Services.AddControllers().AddApplicationPart(typeof(SessionParameterController).Assembly);
        WebApplication app = builder.Build();
        app.MapGet("/minimal", async (IronSession<CounterSession> session, HttpContext context) =>
        {
            session.Data.Count++;
            await session.SaveAsync();
            return $"{session.Data.Count}:{ReferenceEquals(session, await context.GetIronSessionAsync<CounterSession>())}";
        });
        app.MapControllers();
        await app.StartAsync();
        string address = app.Urls.Single();
        return (app, new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(address) });
    }

    [Test]
    public async Task A_minimal_api_handler_takes_the_session_as_a_parameter()
    {
        (WebApplication app, HttpClient client) = await StartAsync();
        await using (app)
        using (client)
        {
            (await client.GetStringAsync("/minimal")).ShouldBe("1:True");
            (await client.GetStringAsync("/minimal")).ShouldBe("2:True");
        }
    }

    [Test]
    public async Task An_mvc_action_and_its_controller_get_the_same_session()
    {
        (WebApplication app, HttpClient client) = await StartAsync();
        await using (app)
        using (client)
        {
            (await (await client.PostAsync("/mvc/count", null)).Content.ReadAsStringAsync()).ShouldBe("1");
            (await (await client.PostAsync("/mvc/count", null)).Content.ReadAsStringAsync()).ShouldBe("2");
            (await client.GetStringAsync("/mvc/same")).ShouldBe("true");
            (await client.GetStringAsync("/minimal")).ShouldBe("3:True");
        }
    }

    [Test]
    public async Task The_session_service_needs_no_IHttpContextAccessor_and_refuses_a_scope_no_request_made()
    {
        (WebApplication app, HttpClient client) = await StartAsync();
        await using (app)
        using (client)
        {
            // The request scope learns its request from a first middleware; nothing async-local is set per request.
            app.Services.GetService<IHttpContextAccessor>().ShouldBeNull();
            (await client.GetStringAsync("/minimal")).ShouldBe("1:True");

            using IServiceScope scope = app.Services.CreateScope();
            Should.Throw<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<IronSession<CounterSession>>())
                .Message.ShouldStartWith("IronSession<CounterSession> is a per-request service: take it in a request handler");
        }
    }

    [Test]
    public void Several_session_types_add_the_request_middleware_once()
    {
        var services = new ServiceCollection();
        services.AddIronSession<CounterSession>(settings => settings.Password = Repository.Password);
        services.AddIronSession<CartSession>("CartSession", settings => settings.Password = Repository.Password);
        services.AddH3Session<CounterSession>(settings => settings.Password = Repository.Password);

        services.Count(d => d.ServiceType == typeof(Microsoft.AspNetCore.Hosting.IStartupFilter)).ShouldBe(1);
        services.Count(d => d.ServiceType.Name == "RequestContext").ShouldBe(1);
    }

    [Test]
    public async Task An_h3_session_type_of_its_own_section_reads_its_cookie_from_that_section_with_reflection_json()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NuxtCart:Name"] = "nuxt-cart",
            ["NuxtCart:Password"] = Repository.Password,
        }).Build());
        services.AddLogging();
        services.AddH3Session<CartSession>("NuxtCart");
        await using ServiceProvider provider = services.BuildServiceProvider();

        H3SessionSettings settings = provider.GetRequiredService<IOptionsMonitor<H3SessionSettings>>().Get(H3SessionSettings.OptionsName<CartSession>());
        settings.Name.ShouldBe("nuxt-cart");
        var store = new HeaderCookieStore(null);
        H3Session<CartSession> session = await H3Session.GetAsync<CartSession>(store, settings.ToOptions());
        await session.SaveAsync();
        store.SetCookieHeaders.Single().ShouldStartWith("nuxt-cart=Fe26.2**");
    }

    [Test]
    public async Task Outside_the_pipeline_GetIronSessionAsync_opens_the_scope_s_session_service_once_and_reports_failures_through_the_task()
    {
        var store = new HeaderCookieStore(null);
        IronSession<CounterSession> made = await IronSession.GetAsync<CounterSession>(store, new IronSessionOptions { CookieName = "counter", Password = Repository.Password });
        made.Data.Count = 5;
        await made.SaveAsync();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddIronSession<CounterSession>(settings => (settings.CookieName, settings.Password) = ("counter", Repository.Password));
        services.AddH3Session<CounterSession>(settings => (settings.Name, settings.Password) = ("nuxt-session", Repository.Password));
        await using ServiceProvider provider = services.BuildServiceProvider();
        await using AsyncServiceScope scope = provider.CreateAsyncScope();

        // A context built by hand (a test, a host of one's own): no middleware told the scope its request.
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = store.SetCookieHeaders[0].Split(';')[0];

        IronSession<CounterSession> session = await context.GetIronSessionAsync<CounterSession>();
        session.Data.Count.ShouldBe(5);
        (await context.GetIronSessionAsync<CounterSession>()).ShouldBeSameAs(session);
        scope.ServiceProvider.GetRequiredService<IronSession<CounterSession>>().ShouldBeSameAs(session);
        (await context.GetH3SessionAsync<CounterSession>()).ShouldBeSameAs(scope.ServiceProvider.GetRequiredService<H3Session<CounterSession>>());

        ValueTask<IronSession<CartSession>> unregistered = context.GetIronSessionAsync<CartSession>();
        unregistered.IsFaulted.ShouldBeTrue();
        (await Should.ThrowAsync<InvalidOperationException>(unregistered.AsTask())).Message.ShouldContain("AddIronSession<CartSession>()");
        ValueTask<H3Session<CartSession>> unregisteredH3 = context.GetH3SessionAsync<CartSession>();
        (await Should.ThrowAsync<InvalidOperationException>(unregisteredH3.AsTask())).Message.ShouldContain("AddH3Session<CartSession>()");
        context.GetIronSessionAsync<CounterSession>(new CancellationToken(true)).IsCanceled.ShouldBeTrue();

        // A second context on the same scope would get the first one's session: refused, never shared.
        var other = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        (await Should.ThrowAsync<InvalidOperationException>(other.GetIronSessionAsync<CounterSession>().AsTask())).Message
            .ShouldStartWith("This HttpContext's RequestServices already serves another request");
        (await Should.ThrowAsync<InvalidOperationException>(other.GetH3SessionAsync<CounterSession>().AsTask())).Message
            .ShouldStartWith("This HttpContext's RequestServices already serves another request");
        (await context.GetIronSessionAsync<CounterSession>()).ShouldBeSameAs(session);

        ValueTask<IronSession<CounterSession>> noScope = new DefaultHttpContext().GetIronSessionAsync<CounterSession>();
        (await Should.ThrowAsync<InvalidOperationException>(noScope.AsTask())).Message.ShouldStartWith("HttpContext.RequestServices is null");
    }
}
