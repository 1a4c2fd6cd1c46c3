using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>
/// Stops the app at start-up when an IronSeal authentication scheme reads a session type that was never registered, or
/// when an external login (OpenID Connect, OAuth, …) signs users in to a scheme that has no
/// <see cref="SessionAuthenticationOptions{T}.SignIn"/> mapping.
/// </summary>
internal sealed class SessionAuthenticationValidator<T>(IServiceProviderIsService services, IServiceProvider provider, IOptions<AuthenticationOptions> authentication)
    : IValidateOptions<SessionAuthenticationOptions<T>>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, SessionAuthenticationOptions<T> options)
    {
        if (options.Session is { } session && !services.IsService(session.Registration))
        {
            return ValidateOptionsResult.Fail(
                $"IronSeal: the authentication scheme '{name}' reads sessions of type {typeof(T).Name}, which are not registered. " +
                $"Call builder.Services.{session.AddCall}<{typeof(T).Name}>() as well.");
        }

        if (options.SignIn is null && name is not null && RemoteSchemeSigningInTo(name) is { } remote)
        {
            return ValidateOptionsResult.Fail(
                $"IronSeal: the authentication scheme '{remote}' signs users in to '{name}' (its SignInScheme), but '{name}' has no SignIn mapping. " +
                $"Set options.SignIn = (data, principal) => … where the scheme is added ({options.Session?.AddCall ?? "AddIronSession"}<{typeof(T).Name}>(options => …)) " +
                "to say how a signed-in user is written into the session data.");
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>The first remote scheme (a <see cref="RemoteAuthenticationHandler{TOptions}"/>) whose effective SignInScheme is <paramref name="scheme"/>.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Handler types are registered by AddScheme with their public constructors kept; a base type that cannot be walked only skips the check.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "IOptionsMonitor<TOptions>.Get is the interface's own member, kept with the service the handler resolves.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "IOptionsMonitor<TOptions> of a registered handler's options exists already: the handler's own constructor takes it.")]
    private string? RemoteSchemeSigningInTo(string scheme)
    {
        foreach (AuthenticationSchemeBuilder candidate in authentication.Value.Schemes)
        {
            if (candidate.HandlerType is not { } handler || RemoteOptionsType(handler) is not { } optionsType)
            {
                continue;
            }

            try
            {
                object? monitor = provider.GetService(typeof(IOptionsMonitor<>).MakeGenericType(optionsType));
                object? remote = monitor?.GetType().GetMethod(nameof(IOptionsMonitor<object>.Get), [typeof(string)])?.Invoke(monitor, [candidate.Name]);
                // Unset, a remote scheme signs in to the default sign-in scheme, as RemoteAuthenticationHandler resolves it per request.
                if (remote is RemoteAuthenticationOptions options
                    && string.Equals(options.SignInScheme ?? authentication.Value.DefaultSignInScheme ?? authentication.Value.DefaultScheme, scheme, StringComparison.Ordinal))
                {
                    return candidate.Name;
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or TargetInvocationException or NotSupportedException)
            {
                // A remote scheme whose own options do not build reports that itself, at its first use.
            }
        }

        return null;
    }

    private static Type? RemoteOptionsType([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.None)] Type handler)
    {
        for (Type? type = handler; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RemoteAuthenticationHandler<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        return null;
    }
}
