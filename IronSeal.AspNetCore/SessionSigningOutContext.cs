using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace IronSeal;

/// <summary>A sign-out about to end the session, for <see cref="SessionAuthenticationEvents{T}.OnSigningOut"/>.</summary>
/// <typeparam name="T">The session data type.</typeparam>
public sealed class SessionSigningOutContext<T> : PropertiesContext<SessionAuthenticationOptions<T>>
    where T : class
{
    /// <summary>Creates the context (the handler does).</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="properties">The sign-out's properties.</param>
    public SessionSigningOutContext(HttpContext context, AuthenticationScheme scheme, SessionAuthenticationOptions<T> options, AuthenticationProperties? properties)
        : base(context, scheme, options, properties)
    {
    }
}
