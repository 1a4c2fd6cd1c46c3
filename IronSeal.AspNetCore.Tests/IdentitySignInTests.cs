using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IronSeal.AspNetCore.Tests;

public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityDbContext<IdentityUser>(options);

/// <summary>The signed-in Identity user, as the session keeps it: the user id, name and security stamp.</summary>
public sealed class IdentitySession
{
    public string? UserId { get; set; }

    public string? UserName { get; set; }

    public string? SecurityStamp { get; set; }
}

/// <summary>
/// Issue 25: ASP.NET Core Identity's SignInManager signing in to the IronSeal scheme, over a real EF Core user store on
/// SQLite: password sign-in, sign-out, and the security stamp re-checked in OnValidatePrincipal, so a password change
/// signs the user's other sessions out at their next request.
/// </summary>
public sealed class IdentitySignInTests
{
    private const string Password = "Correct-Horse-42!";

    private static readonly string s_stampType = new IdentityOptions().ClaimsIdentity.SecurityStampClaimType;

    private sealed record App(WebApplication Host, SqliteConnection Database) : IAsyncDisposable
    {
        public HttpClient Browser(CookieContainer jar) => new(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(Host.Urls.Single()),
        };

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private static async Task<App> StartAsync()
    {
        var database = new SqliteConnection($"Data Source=file:identity-{Guid.NewGuid():N}?mode=memory&cache=shared");
        await database.OpenAsync();
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.AddFilter(static (_, level) => level >= LogLevel.Warning);
        builder.Services.AddDbContext<IdentityDb>(options => options.UseSqlite(database));
        builder.Services.AddIdentityCore<IdentityUser>().AddEntityFrameworkStores<IdentityDb>().AddSignInManager();
        builder.Services.AddIronSession<IdentitySession>(settings =>
        {
            settings.CookieName = "auth";
            settings.Password = Repository.Password;
            settings.Cookie.Secure = false;
        });
        // The IronSeal scheme under Identity's application scheme name: SignInManager signs in and out through it unchanged.
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIronSession<IdentitySession>(IdentityConstants.ApplicationScheme, options =>
        {
            options.SignIn = (data, principal) =>
            {
                data.UserId = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No user id.");
                data.UserName = principal.Identity?.Name;
                data.SecurityStamp = principal.FindFirstValue(s_stampType);
            };
            options.GetClaims = data => data.UserId is null
                ? null
                : [new(ClaimTypes.NameIdentifier, data.UserId), new(ClaimTypes.Name, data.UserName ?? ""), new(s_stampType, data.SecurityStamp ?? "")];
            options.Events.OnValidatePrincipal = async context =>
            {
                var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<IdentityUser>>();
                if (await signIn.ValidateSecurityStampAsync(context.Principal) is null)
                {
                    context.RejectPrincipal();
                }
            };
        });
        builder.Services.AddAuthorization();
        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/register", async (UserManager<IdentityUser> users, string name) =>
            (await users.CreateAsync(new IdentityUser(name), Password)).Succeeded ? Results.Ok() : Results.BadRequest());
        app.MapPost("/login", async (SignInManager<IdentityUser> signIn, string name, string password) =>
            (await signIn.PasswordSignInAsync(name, password, isPersistent: true, lockoutOnFailure: false)).Succeeded ? Results.Ok() : Results.Unauthorized());
        app.MapPost("/change-password", async (HttpContext context, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, string password) =>
        {
            IdentityUser user = (await users.GetUserAsync(context.User))!;
            IdentityResult changed = await users.ChangePasswordAsync(user, Password, password);
            await signIn.RefreshSignInAsync(user);
            return changed.Succeeded ? Results.Ok() : Results.BadRequest();
        }).RequireAuthorization();
        app.MapPost("/logout", (SignInManager<IdentityUser> signIn) => signIn.SignOutAsync());
        app.MapGet("/me", async (HttpContext context, UserManager<IdentityUser> users) => (await users.GetUserAsync(context.User))?.UserName ?? "no user")
            .RequireAuthorization();
        await app.StartAsync();
        using (IServiceScope scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdentityDb>().Database.EnsureCreatedAsync();
        }

        return new App(app, database);
    }

    private static string? Cookie(CookieContainer jar, HttpClient client) => jar.GetCookies(client.BaseAddress!)["auth"]?.Value;

    [Test]
    public async Task SignInManager_signs_in_and_out_through_the_iron_session()
    {
        await using App app = await StartAsync();
        var jar = new CookieContainer();
        using HttpClient browser = app.Browser(jar);
        (await browser.PostAsync("/register?name=ada", null)).EnsureSuccessStatusCode();

        (await browser.PostAsync("/login?name=ada&password=wrong", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Cookie(jar, browser).ShouldBeNull("a failed password sign-in writes no session");

        (await browser.PostAsync($"/login?name=ada&password={Uri.EscapeDataString(Password)}", null)).EnsureSuccessStatusCode();
        Cookie(jar, browser).ShouldStartWith("Fe26.2*");
        (await browser.GetStringAsync("/me")).ShouldBe("ada", "UserManager.GetUserAsync finds the user from the session's claims");

        (await browser.PostAsync("/logout", null)).EnsureSuccessStatusCode();
        Cookie(jar, browser).ShouldBeNull();
        (await browser.GetAsync("/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_password_change_signs_out_the_users_other_sessions_at_their_next_request()
    {
        await using App app = await StartAsync();
        var laptop = new CookieContainer();
        var phone = new CookieContainer();
        using HttpClient onLaptop = app.Browser(laptop);
        using HttpClient onPhone = app.Browser(phone);
        (await onLaptop.PostAsync("/register?name=ada", null)).EnsureSuccessStatusCode();
        foreach (HttpClient browser in new[] { onLaptop, onPhone })
        {
            (await browser.PostAsync($"/login?name=ada&password={Uri.EscapeDataString(Password)}", null)).EnsureSuccessStatusCode();
            (await browser.GetStringAsync("/me")).ShouldBe("ada");
        }

        string? before = Cookie(laptop, onLaptop);
        (await onLaptop.PostAsync("/change-password?password=Another-Horse-43!", null)).EnsureSuccessStatusCode();
        Cookie(laptop, onLaptop).ShouldNotBe(before, "RefreshSignInAsync wrote the new stamp into this session");

        (await onLaptop.GetStringAsync("/me")).ShouldBe("ada", "the session that changed the password stays signed in");
        HttpResponseMessage stale = await onPhone.GetAsync("/me");
        stale.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the old security stamp is rejected");
        Cookie(phone, onPhone).ShouldBeNull("a rejected principal's session is deleted");
    }
}
