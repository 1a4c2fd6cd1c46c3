using System.Diagnostics.CodeAnalysis;
using IronSeal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Authentication;

/// <summary>Adds the IronSeal authentication schemes: the request's user read from its iron-session or h3 session.</summary>
public static class IronSessionAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the scheme <c>"IronSession"</c> over sessions of <typeparamref name="T"/> (register them with
    /// <c>builder.Services.AddIronSession&lt;T&gt;()</c>). Then <c>[Authorize]</c>, <c>RequireAuthorization()</c>, roles
    /// and policies work from the session; <c>SignOutAsync</c> destroys it.
    /// </summary>
    /// <typeparam name="T">The session type.</typeparam>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configure">Sets <see cref="SessionAuthenticationOptions{T}.GetClaims"/> (required) and the login path.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddIronSession<T>(this AuthenticationBuilder builder, Action<SessionAuthenticationOptions<T>> configure)
        where T : class =>
        builder.AddIronSession(IronSessionAuthenticationDefaults.AuthenticationScheme, configure);

    /// <summary>Adds an iron-session authentication scheme with its own name (an app with several session types).</summary>
    /// <typeparam name="T">The session type.</typeparam>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme's name.</param>
    /// <param name="configure">Sets <see cref="SessionAuthenticationOptions{T}.GetClaims"/> (required) and the login path.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddIronSession<T>(this AuthenticationBuilder builder, string authenticationScheme, Action<SessionAuthenticationOptions<T>> configure)
        where T : class =>
        builder.AddSessionScheme<T, IronSessionAuthenticationHandler<T>>(authenticationScheme, configure, typeof(IronSessionRegistration<T>), "AddIronSession");

    /// <summary>
    /// Adds the scheme <c>"H3Session"</c> over h3 sessions whose <c>data</c> is <typeparamref name="T"/> (register them
    /// with <c>builder.Services.AddH3Session&lt;T&gt;()</c>): a user signed in on a Nuxt app with nuxt-auth-utils
    /// (<c>setUserSession</c>) is the request's user. <c>SignOutAsync</c> clears the session as h3 does.
    /// </summary>
    /// <typeparam name="T">The session's <c>data</c> type.</typeparam>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configure">Sets <see cref="SessionAuthenticationOptions{T}.GetClaims"/> (required) and the login path.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddH3Session<T>(this AuthenticationBuilder builder, Action<SessionAuthenticationOptions<T>> configure)
        where T : class =>
        builder.AddH3Session(IronSessionAuthenticationDefaults.H3AuthenticationScheme, configure);

    /// <summary>Adds an h3-session authentication scheme with its own name.</summary>
    /// <typeparam name="T">The session's <c>data</c> type.</typeparam>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme's name.</param>
    /// <param name="configure">Sets <see cref="SessionAuthenticationOptions{T}.GetClaims"/> (required) and the login path.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddH3Session<T>(this AuthenticationBuilder builder, string authenticationScheme, Action<SessionAuthenticationOptions<T>> configure)
        where T : class =>
        builder.AddSessionScheme<T, H3SessionAuthenticationHandler<T>>(authenticationScheme, configure, typeof(H3SessionRegistration<T>), "AddH3Session");

    private static AuthenticationBuilder AddSessionScheme<T, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this AuthenticationBuilder builder, string authenticationScheme, Action<SessionAuthenticationOptions<T>> configure, Type registration, string addCall)
        where T : class
        where THandler : SessionAuthenticationHandler<T>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        ArgumentNullException.ThrowIfNull(configure);

        // A scheme without claims mapping or without its session type stops the app at start-up, not at the first request.
        builder.Services.AddOptions<SessionAuthenticationOptions<T>>(authenticationScheme)
            .Configure(options => options.Session = (registration, addCall))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionAuthenticationOptions<T>>, SessionAuthenticationValidator<T>>());
        return builder.AddScheme<SessionAuthenticationOptions<T>, THandler>(authenticationScheme, configure);
    }
}
