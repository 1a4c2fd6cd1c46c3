using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IronSeal.AspNetCore.Tests;

public sealed class UserSession
{
    public string? User { get; set; }
}

public sealed class CartSession
{
    public List<string> Items { get; set; } = [];
}

/// <summary>
/// Several session types in one app (issue 11, part 1): each registration has settings of its own, named after its type,
/// and its own cookie. Before, all registrations shared one settings object: saving two types in one request sent two
/// cookies of the last registration's name, and one session was lost.
/// </summary>
public sealed class SeveralSessionsTests
{
    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(string[] args, Action<IServiceCollection> register)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder([.. args, "--urls", "http://127.0.0.1:0"]);
        register(builder.Services);
        WebApplication app = builder.Build();
        app.MapPost("/both", async (HttpContext context) =>
        {
            IronSession<UserSession> user = await context.GetIronSessionAsync<UserSession>();
            IronSession<CartSession> cart = await context.GetIronSessionAsync<CartSession>();
            user.Data.User = "ada";
            cart.Data.Items.Add("tea");
            await user.SaveAsync();
            await cart.SaveAsync();
            return Results.NoContent();
        });
        app.MapGet("/both", async (HttpContext context) =>
            $"{(await context.GetIronSessionAsync<UserSession>()).Data.User}|{string.Join(',', (await context.GetIronSessionAsync<CartSession>()).Data.Items)}");
        await app.StartAsync();
        string address = app.Urls.Single();
        return (app, new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(address) });
    }

    private static void Plain(IronSessionSettings settings, string cookie)
    {
        settings.CookieName = cookie;
        settings.Password = Repository.Password;
        settings.Cookie.Secure = false;
    }

    [Test]
    public async Task Two_session_types_saved_in_one_request_send_two_cookies_and_read_back_both()
    {
        (WebApplication app, HttpClient client) = await StartAsync([], services => services
            .AddIronSession<UserSession>(s => Plain(s, "user_session"))
            .AddIronSession<CartSession>(s => Plain(s, "cart_session")));
        await using (app)
        using (client)
        {
            HttpResponseMessage saved = await client.PostAsync("/both", null);

            saved.Headers.GetValues("Set-Cookie").Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).Order()
                .ShouldBe(["cart_session", "user_session"]);
            (await client.GetStringAsync("/both")).ShouldBe("ada|tea");
        }
    }

    [Test]
    public async Task Each_type_can_bind_its_own_configuration_section()
    {
        string[] args =
        [
            "--IronSession:CookieName=user_session", $"--IronSession:Password={Repository.Password}", "--IronSession:Cookie:Secure=false", "--IronSession:Ttl=02:00:00",
            "--Cart:CookieName=cart_session", $"--Cart:Password={Repository.Password}-cart", "--Cart:Cookie:Secure=false", "--Cart:Ttl=01:00:00",
        ];
        (WebApplication app, HttpClient client) = await StartAsync(args, services => services
            .AddIronSession<UserSession>()
            .AddIronSession<CartSession>("Cart"));
        await using (app)
        using (client)
        {
            string[] cookies = [.. (await client.PostAsync("/both", null)).Headers.GetValues("Set-Cookie")];

            Attributes(cookies, "cart_session").ShouldStartWith("; Max-Age=3540;");
            Attributes(cookies, "user_session").ShouldStartWith("; Max-Age=7140;");
            (await client.GetStringAsync("/both")).ShouldBe("ada|tea");
            app.Services.GetRequiredService<IOptionsMonitor<IronSessionSettings>>().Get(IronSessionSettings.OptionsName<CartSession>()).CookieName
                .ShouldBe("cart_session");
        }
    }

    private static string Attributes(string[] cookies, string name)
    {
        string cookie = cookies.Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));
        return cookie[cookie.IndexOf(';', StringComparison.Ordinal)..];
    }

    [Test]
    public async Task Two_types_with_the_same_cookie_name_stop_the_app_at_start_up_with_both_names()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Services
            .AddIronSession<UserSession>(s => Plain(s, "session"))
            .AddIronSession<CartSession>(s => Plain(s, "session"));
        await using WebApplication app = builder.Build();

        var exception = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync());

        exception.Message.ShouldContain("the cookie \"session\" is used by UserSession and CartSession");
        exception.Message.ShouldContain("Give each session type its own cookie name");
    }
}
