using IronSeal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Authentication;

/// <summary>Adds the IronSeal authentication scheme: the request's user read from its IronSeal session.</summary>
public static class IronSessionAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the scheme <c>"IronSession"</c> over sessions of <typeparamref name="T"/> (register them with
    /// <c>builder.Services.AddIronSession&lt;T&gt;()</c>). Then <c>[Authorize]</c>, <c>RequireAuthorization()</c>, roles
    /// and policies work from the session; <c>SignOutAsync</c> destroys it.
    /// </summary>
    /// <typeparam name="T">The session type.</typeparam>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configure">Sets <see cref="IronSessionAuthenticationOptions{T}.GetClaims"/> (required) and the login path.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddIronSession<T>(this AuthenticationBuilder builder, Action<IronSessionAuthenticationOptions<T>> configure)
        where T : class =>
        builder.AddIronSession(IronSessionAuthenticationDefaults.AuthenticationScheme, configure);

    /// <summary>Adds an IronSeal authentication scheme with its own name (an app with several session types).</summary>
    /// <typeparam name="T">The session type.</typeparam>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme's name.</param>
    /// <param name="configure">Sets <see cref="IronSessionAuthenticationOptions{T}.GetClaims"/> (required) and the login path.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddIronSession<T>(this AuthenticationBuilder builder, string authenticationScheme, Action<IronSessionAuthenticationOptions<T>> configure)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        ArgumentNullException.ThrowIfNull(configure);

        // A scheme without claims mapping or without its session type stops the app at start-up, not at the first request.
        builder.Services.AddOptions<IronSessionAuthenticationOptions<T>>(authenticationScheme).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IronSessionAuthenticationOptions<T>>, IronSessionAuthenticationValidator<T>>());
        return builder.AddScheme<IronSessionAuthenticationOptions<T>, IronSessionAuthenticationHandler<T>>(authenticationScheme, configure);
    }
}
