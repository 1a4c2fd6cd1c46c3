using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace IronSeal;

/// <summary>
/// A sign-in about to be saved, for <see cref="SessionAuthenticationEvents{T}.OnSigningIn"/>: the new session's
/// <see cref="Data"/> (the user already written by <see cref="SessionAuthenticationOptions{T}.SignIn"/>) can still be
/// changed, e.g. to carry over a guest cart from <see cref="PreviousData"/> or to keep tokens a remote login saved in
/// <see cref="PropertiesContext{TOptions}.Properties"/>.
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
    /// <param name="previousData">The data the request's session held before the sign-in.</param>
    public SessionSigningInContext(
        HttpContext context, AuthenticationScheme scheme, SessionAuthenticationOptions<T> options, ClaimsPrincipal principal, AuthenticationProperties properties, T data, T? previousData)
        : base(context, scheme, options, properties)
    {
        Principal = principal;
        Data = data;
        PreviousData = previousData;
    }

    /// <summary>The new session's data, saved after this event.</summary>
    public T Data { get; }

    /// <summary>
    /// The data the request's session held before this sign-in (a guest's cart, or another user's session on a shared
    /// computer), or null when it was ended earlier in the request. Nothing of it is in <see cref="Data"/>: copy what
    /// the signed-in session should keep, and only that.
    /// </summary>
    public T? PreviousData { get; }
}
