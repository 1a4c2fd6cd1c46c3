using Microsoft.AspNetCore.Authentication;

namespace IronSeal;

/// <summary>
/// The hooks of an IronSeal authentication scheme, named and timed as cookie authentication's
/// (<c>CookieAuthenticationEvents</c>): set the delegates on <see cref="SessionAuthenticationOptions{T}.Events"/>, or
/// derive from this class, override the methods and name it in <see cref="AuthenticationSchemeOptions.EventsType"/>
/// to have it resolved from dependency injection per request.
/// </summary>
/// <typeparam name="T">The session data type.</typeparam>
public class SessionAuthenticationEvents<T>
    where T : class
{
    /// <summary>
    /// Every request whose session holds a user, after <see cref="SessionAuthenticationOptions{T}.GetClaims"/>: re-check
    /// the user (a security stamp, a disabled account), <see cref="SessionValidatePrincipalContext{T}.RejectPrincipal"/>
    /// to sign the session out, <see cref="SessionValidatePrincipalContext{T}.ReplacePrincipal"/>, and
    /// <see cref="SessionValidatePrincipalContext{T}.ShouldRenew"/> to save the session now.
    /// </summary>
    public Func<SessionValidatePrincipalContext<T>, Task> OnValidatePrincipal { get; set; } = static _ => Task.CompletedTask;

    /// <summary>A sign-in, after <see cref="SessionAuthenticationOptions{T}.SignIn"/> wrote the user into the new session and before it is saved.</summary>
    public Func<SessionSigningInContext<T>, Task> OnSigningIn { get; set; } = static _ => Task.CompletedTask;

    /// <summary>A sign-in, after the session was saved.</summary>
    public Func<SessionSignedInContext<T>, Task> OnSignedIn { get; set; } = static _ => Task.CompletedTask;

    /// <summary>A sign-out, before the session is ended.</summary>
    public Func<SessionSigningOutContext<T>, Task> OnSigningOut { get; set; } = static _ => Task.CompletedTask;

    /// <summary>A browser's challenge, sent to <see cref="SessionAuthenticationOptions{T}.LoginPath"/>. Default: a 302 to <see cref="RedirectContext{TOptions}.RedirectUri"/>.</summary>
    public Func<RedirectContext<SessionAuthenticationOptions<T>>, Task> OnRedirectToLogin { get; set; } = static context =>
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    };

    /// <summary>A browser that is forbidden, sent to <see cref="SessionAuthenticationOptions{T}.AccessDeniedPath"/>. Default: a 302 to <see cref="RedirectContext{TOptions}.RedirectUri"/>.</summary>
    public Func<RedirectContext<SessionAuthenticationOptions<T>>, Task> OnRedirectToAccessDenied { get; set; } = static context =>
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    };

    /// <summary>Calls <see cref="OnValidatePrincipal"/>.</summary>
    /// <param name="context">The request's user and session.</param>
    /// <returns>The delegate's task.</returns>
    public virtual Task ValidatePrincipal(SessionValidatePrincipalContext<T> context) => OnValidatePrincipal(context);

    /// <summary>Calls <see cref="OnSigningIn"/>.</summary>
    /// <param name="context">The user, the properties and the new session's data.</param>
    /// <returns>The delegate's task.</returns>
    public virtual Task SigningIn(SessionSigningInContext<T> context) => OnSigningIn(context);

    /// <summary>Calls <see cref="OnSignedIn"/>.</summary>
    /// <param name="context">The user and the properties.</param>
    /// <returns>The delegate's task.</returns>
    public virtual Task SignedIn(SessionSignedInContext<T> context) => OnSignedIn(context);

    /// <summary>Calls <see cref="OnSigningOut"/>.</summary>
    /// <param name="context">The sign-out's properties.</param>
    /// <returns>The delegate's task.</returns>
    public virtual Task SigningOut(SessionSigningOutContext<T> context) => OnSigningOut(context);

    /// <summary>Calls <see cref="OnRedirectToLogin"/>.</summary>
    /// <param name="context">Where the browser goes.</param>
    /// <returns>The delegate's task.</returns>
    public virtual Task RedirectToLogin(RedirectContext<SessionAuthenticationOptions<T>> context) => OnRedirectToLogin(context);

    /// <summary>Calls <see cref="OnRedirectToAccessDenied"/>.</summary>
    /// <param name="context">Where the browser goes.</param>
    /// <returns>The delegate's task.</returns>
    public virtual Task RedirectToAccessDenied(RedirectContext<SessionAuthenticationOptions<T>> context) => OnRedirectToAccessDenied(context);
}
