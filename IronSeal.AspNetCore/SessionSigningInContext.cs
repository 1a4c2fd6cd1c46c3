using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace IronSeal;

/// <summary>
/// A sign-in about to be saved, for <see cref="SessionAuthenticationEvents{T}.OnSigningIn"/>: the new session's
/// <see cref="Data"/> (the user already written by <see cref="SessionAuthenticationOptions{T}.SignIn"/>) can still be
/// changed, e.g. to keep tokens a remote login saved in <see cref="PropertiesContext{TOptions}.Properties"/>.
/// </summary>
/// <typeparam name="T">The session data type.</typeparam>
public sealed class SessionSigningInContext<T> : PrincipalContext<SessionAuthenticationOptions<T>>
    where T : class
{
    /// <summary>Creates the context (the handler does).</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="principal">The user signing in.</param>
    /// <param name="properties">The sign-in's properties.</param>
    /// <param name="data">The new session's data.</param>
    public SessionSigningInContext(
        HttpContext context, AuthenticationScheme scheme, SessionAuthenticationOptions<T> options, ClaimsPrincipal principal, AuthenticationProperties properties, T data)
        : base(context, scheme, options, properties)
    {
        Principal = principal;
        Data = data;
    }

    /// <summary>The new session's data, saved after this event.</summary>
    public T Data { get; }
}
