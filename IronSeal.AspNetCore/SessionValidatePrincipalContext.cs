using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace IronSeal;

/// <summary>
/// The request's user, read from its session, for <see cref="SessionAuthenticationEvents{T}.OnValidatePrincipal"/>.
/// </summary>
/// <typeparam name="T">The session data type.</typeparam>
public sealed class SessionValidatePrincipalContext<T> : PrincipalContext<SessionAuthenticationOptions<T>>
    where T : class
{
    /// <summary>Creates the context (the handler does).</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="principal">The user <see cref="SessionAuthenticationOptions{T}.GetClaims"/> read.</param>
    /// <param name="properties">The session's properties (its expiry).</param>
    /// <param name="data">The session data the user was read from.</param>
    public SessionValidatePrincipalContext(
        HttpContext context, AuthenticationScheme scheme, SessionAuthenticationOptions<T> options, ClaimsPrincipal principal, AuthenticationProperties properties, T data)
        : base(context, scheme, options, properties)
    {
        Principal = principal;
        Data = data;
    }

    /// <summary>The session data: changes are saved when <see cref="ShouldRenew"/> is set (or by the app's own save).</summary>
    public T Data { get; }

    /// <summary>
    /// Set to save the session at the end of authentication: a fresh ttl for its cookie, with any change made to
    /// <see cref="Data"/>, and the replaced user written by <see cref="SessionAuthenticationOptions{T}.SignIn"/> when
    /// <see cref="ReplacePrincipal"/> was called.
    /// </summary>
    public bool ShouldRenew { get; set; }

    /// <summary>True once <see cref="RejectPrincipal"/> was called.</summary>
    public bool IsRejected { get; private set; }

    /// <summary>True once <see cref="ReplacePrincipal"/> was called.</summary>
    public bool IsReplaced { get; private set; }

    /// <summary>The request is anonymous and the session is ended (its cookie deleted), as after a sign-out.</summary>
    public void RejectPrincipal()
    {
        IsRejected = true;
        Principal = null;
    }

    /// <summary>The request's user is <paramref name="principal"/> instead.</summary>
    /// <param name="principal">The new user.</param>
    public void ReplacePrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        IsReplaced = true;
        IsRejected = false;
        Principal = principal;
    }
}
