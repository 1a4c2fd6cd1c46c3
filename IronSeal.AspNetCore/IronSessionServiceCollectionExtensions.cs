using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using IronSeal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers IronSeal sessions with ASP.NET Core.</summary>
public static class IronSessionServiceCollectionExtensions
{
    private const string ReflectionMessage =
        "Reflection-based JSON for the session type; use the overload that takes a JsonTypeInfo<T> for trimming and native AOT.";

    /// <summary>
    /// Adds sessions of <typeparamref name="T"/>: settings bound from the <c>IronSession</c> configuration section, then
    /// <paramref name="configure"/>, validated at start-up. Read them with <c>HttpContext.GetIronSessionAsync&lt;T&gt;()</c>.
    /// </summary>
    /// <typeparam name="T">The session data (a class that can be read from <c>{}</c>).</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets or overrides settings in code.</param>
    /// <returns>The service collection.</returns>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static IServiceCollection AddIronSession<T>(this IServiceCollection services, Action<IronSessionSettings>? configure = null)
        where T : class =>
        services.AddIronSessionCore(configure, new IronSessionRegistration<T>((store, options, cancellationToken) => IronSession.GetAsync<T>(store, options, cancellationToken)));

    /// <summary>Adds sessions of <typeparamref name="T"/> with source-generated JSON (trimming- and AOT-safe).</summary>
    /// <typeparam name="T">The session data.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="jsonTypeInfo">How to read and write <typeparamref name="T"/>.</param>
    /// <param name="configure">Sets or overrides settings in code.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddIronSession<T>(this IServiceCollection services, JsonTypeInfo<T> jsonTypeInfo, Action<IronSessionSettings>? configure = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        return services.AddIronSessionCore(configure, new IronSessionRegistration<T>((store, options, cancellationToken) => IronSession.GetAsync(store, options, jsonTypeInfo, cancellationToken)));
    }

    private static IServiceCollection AddIronSessionCore<T>(this IServiceCollection services, Action<IronSessionSettings>? configure, IronSessionRegistration<T> registration)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<IronSessionSettings> builder = services.AddOptions<IronSessionSettings>().BindConfiguration(IronSessionSettings.SectionName);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IronSessionSettings>, IronSessionSettingsValidator>());
        services.TryAddSingleton<IronSessionOptionsProvider>();
        services.AddSingleton(registration);
        return services;
    }
}
