using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace IronSeal;

/// <summary>A sign-in that was saved, for <see cref="SessionAuthenticationEvents{T}.OnSignedIn"/> (an audit log, a metric).</summary>
/// <typeparam name="T">The session data type.</typeparam>
public sealed class SessionSignedInContext<T> : PrincipalContext<SessionAuthenticationOptions<T>>
    where T : class
{
    /// <summary>Creates the context (the handler does).</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="principal">The user signed in.</param>
    /// <param name="properties">The sign-in's properties.</param>
    public SessionSignedInContext(HttpContext context, AuthenticationScheme scheme, SessionAuthenticationOptions<T> options, ClaimsPrincipal principal, AuthenticationProperties properties)
        : base(context, scheme, options, properties) =>
        Principal = principal;
}
