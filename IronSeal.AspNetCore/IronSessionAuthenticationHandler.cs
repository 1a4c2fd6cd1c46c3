using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>
/// Authenticates a request from its session data of <typeparamref name="T"/>: the user is whatever
/// <see cref="SessionAuthenticationOptions{T}.GetClaims"/> reads from it. Challenge redirects browsers to the login path
/// and answers API requests 401; forbid answers 403; sign-out ends the session. Subclasses say which session.
/// </summary>
/// <typeparam name="T">The session data type.</typeparam>
internal abstract class SessionAuthenticationHandler<T>(IOptionsMonitor<SessionAuthenticationOptions<T>> options, ILoggerFactory logger, UrlEncoder encoder)
    : SignOutAuthenticationHandler<SessionAuthenticationOptions<T>>(options, logger, encoder)
    where T : class
{
    /// <summary>The request's session data, or null when the session was ended in this request; and when the session expires.</summary>
    protected abstract ValueTask<(T? Data, DateTimeOffset? ExpiresAt)> ReadAsync();

    /// <summary>Ends the request's session (the cookie is deleted).</summary>
    protected abstract ValueTask EndAsync();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        (T? data, DateTimeOffset? expiresAt) = await ReadAsync().ConfigureAwait(false);
        // No claims is anonymous: a ClaimsIdentity with an authentication type counts as authenticated even when empty.
        List<Claim>? claims = data is null ? null : Options.GetClaims!(data)?.ToList();
        if (claims is null || claims.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name, Options.NameClaimType, Options.RoleClaimType);
        var properties = new AuthenticationProperties { ExpiresUtc = expiresAt };
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
        await EndAsync().ConfigureAwait(false);
        if (properties?.RedirectUri is { Length: > 0 } redirect)
        {
            Response.Redirect(redirect);
        }
    }
}

/// <summary>The scheme over an iron-session session (<c>AddIronSession&lt;T&gt;</c>); sign-out destroys it.</summary>
/// <typeparam name="T">The session data type.</typeparam>
internal sealed class IronSessionAuthenticationHandler<T>(IOptionsMonitor<SessionAuthenticationOptions<T>> options, ILoggerFactory logger, UrlEncoder encoder)
    : SessionAuthenticationHandler<T>(options, logger, encoder)
    where T : class
{
    protected override async ValueTask<(T? Data, DateTimeOffset? ExpiresAt)> ReadAsync()
    {
        IronSession<T> session = await Context.GetIronSessionAsync<T>(Context.RequestAborted).ConfigureAwait(false);
        return session.IsDestroyed ? (null, null) : (session.Data, session.ExpiresAt);
    }

    protected override async ValueTask EndAsync() =>
        (await Context.GetIronSessionAsync<T>(Context.RequestAborted).ConfigureAwait(false)).Destroy();
}

/// <summary>The scheme over an h3 session (<c>AddH3Session&lt;T&gt;</c>, nuxt-auth-utils); sign-out clears it as h3 does.</summary>
/// <typeparam name="T">The session's <c>data</c> type.</typeparam>
internal sealed class H3SessionAuthenticationHandler<T>(IOptionsMonitor<SessionAuthenticationOptions<T>> options, ILoggerFactory logger, UrlEncoder encoder)
    : SessionAuthenticationHandler<T>(options, logger, encoder)
    where T : class
{
    protected override async ValueTask<(T? Data, DateTimeOffset? ExpiresAt)> ReadAsync()
    {
        H3Session<T> session = await Context.GetH3SessionAsync<T>(Context.RequestAborted).ConfigureAwait(false);
        return (session.Data, null);
    }

    protected override async ValueTask EndAsync() =>
        (await Context.GetH3SessionAsync<T>(Context.RequestAborted).ConfigureAwait(false)).Clear();
}
