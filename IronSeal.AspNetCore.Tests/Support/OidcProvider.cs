using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IronSeal.AspNetCore.Tests.Support;

/// <summary>OpenIddict's EF Core entities on SQLite.</summary>
public sealed class OidcDbContext(DbContextOptions<OidcDbContext> options) : DbContext(options);

/// <summary>
/// A real OpenID Connect provider on 127.0.0.1: OpenIddict's server with its EF Core stores on SQLite (a database file
/// per provider), authorization code with PKCE required, and a login form of its own (users <c>ada</c> and
/// <c>mallory</c>, password <see cref="UserPassword"/>; <c>mallory</c> is always denied, as a provider error).
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "ironseal-app";
    public const string ClientSecret = "a-client-secret-for-the-test-provider-only";
    public const string UserPassword = "correct horse battery staple";

    private readonly WebApplication _app;
    private readonly SqliteConnection _database;

    private OidcProvider(WebApplication app, SqliteConnection database, Uri address)
    {
        _app = app;
        _database = database;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<OidcProvider> StartAsync()
    {
        // One open connection keeps the in-process SQLite database alive for the provider's lifetime.
        var database = new SqliteConnection($"Data Source=file:oidc-{Guid.NewGuid():N}?mode=memory&cache=shared");
        await database.OpenAsync();
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.AddFilter(static (_, level) => level >= LogLevel.Warning);
        builder.Services.AddDbContext<OidcDbContext>(options =>
        {
            options.UseSqlite(database);
            options.UseOpenIddict();
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = "provider_login";
            options.LoginPath = "/account/login";
        });
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<OidcDbContext>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                options.DisableAccessTokenEncryption();
                options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/account/login", (string? returnUrl) => Results.Content(
            $"""<form method="post" action="/account/login"><input name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}"><input name="username"><input name="password" type="password"></form>""",
            "text/html"));
        app.MapPost("/account/login", async (HttpContext context) =>
        {
            IFormCollection form = await context.Request.ReadFormAsync();
            if (form["password"] != UserPassword || form["username"] is not { Count: 1 } user)
            {
                return Results.Unauthorized();
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(new ClaimsPrincipal(identity));
            return Results.Redirect(form["returnUrl"].ToString());
        }).DisableAntiforgery();
        app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext context) =>
        {
            OpenIddictRequest request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            AuthenticateResult login = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (!login.Succeeded)
            {
                return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + context.Request.QueryString });
            }

            string name = login.Principal.Identity!.Name!;
            if (name == "mallory")
            {
                return Results.Forbid(
                    new AuthenticationProperties(new Dictionary<string, string?>
                    {
                        [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "This user may not sign in to this app.",
                    }),
                    [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }

            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, $"sub-{name}").SetClaim(Claims.Name, name == "ada" ? "Ada Lovelace" : name)
                .SetClaim(Claims.Email, $"{name}@example.test").SetClaim(Claims.Role, "admin");
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(static _ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        await app.StartAsync();
        using (IServiceScope scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<OidcDbContext>().Database.EnsureCreatedAsync();
        }

        return new OidcProvider(app, database, new Uri(app.Urls.Single() + "/"));
    }

    /// <summary>
    /// Lets the app return to <paramref name="redirectUri"/>: the first call registers it as a confidential client that
    /// may use the code flow with PKCE, later calls (more apps sharing the provider) add their redirect URIs.
    /// </summary>
    public async Task RegisterClientAsync(Uri redirectUri)
    {
        using IServiceScope scope = _app.Services.CreateScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await manager.FindByClientIdAsync(ClientId) is { } existing)
        {
            var known = new OpenIddictApplicationDescriptor();
            await manager.PopulateAsync(known, existing);
            known.RedirectUris.Add(redirectUri);
            known.ClientSecret = ClientSecret;
            await manager.UpdateAsync(existing, known);
            return;
        }

        await manager.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { redirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Profile, Permissions.Scopes.Email,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
