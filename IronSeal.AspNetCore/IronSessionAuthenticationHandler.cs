using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>
/// Authenticates a request from its IronSeal session of <typeparamref name="T"/>: the user is whatever
/// <see cref="IronSessionAuthenticationOptions{T}.GetClaims"/> reads from the session data. Challenge redirects
/// browsers to the login path and answers API requests 401; forbid answers 403; sign-out destroys the session.
/// </summary>
/// <typeparam name="T">The session type.</typeparam>
internal sealed class IronSessionAuthenticationHandler<T>(IOptionsMonitor<IronSessionAuthenticationOptions<T>> options, ILoggerFactory logger, UrlEncoder encoder)
    : SignOutAuthenticationHandler<IronSessionAuthenticationOptions<T>>(options, logger, encoder)
    where T : class
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        IronSession<T> session = await Context.GetIronSessionAsync<T>(Context.RequestAborted).ConfigureAwait(false);
        if (session.IsDestroyed || Options.GetClaims!(session.Data) is not { } claims)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name, Options.NameClaimType, Options.RoleClaimType);
        var properties = new AuthenticationProperties { ExpiresUtc = session.ExpiresAt };
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!Options.LoginPath.HasValue || !Options.IsBrowserRequest(Request))
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        // A relative Location (never built from the Host header); the return URL is this request, or what the caller asked.
        string returnUrl = properties.RedirectUri ?? OriginalPathBase + OriginalPath + Request.QueryString;
        Response.Redirect(Request.PathBase + Options.LoginPath + QueryString.Create(Options.ReturnUrlParameter, returnUrl));
        return Task.CompletedTask;
    }

    protected override async Task HandleSignOutAsync(AuthenticationProperties? properties)
    {
        IronSession<T> session = await Context.GetIronSessionAsync<T>(Context.RequestAborted).ConfigureAwait(false);
        session.Destroy();
        if (properties?.RedirectUri is { Length: > 0 } redirect)
        {
            Response.Redirect(redirect);
        }
    }
}
