using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using IronSeal;
using Microsoft.AspNetCore.Http;
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
        services.AddIronSessionCore(IronSessionSettings.SectionName, configure, new IronSessionRegistration<T>((store, options, cancellationToken) => IronSession.GetAsync<T>(store, options, cancellationToken)));

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
        return services.AddIronSessionCore(IronSessionSettings.SectionName, configure, new IronSessionRegistration<T>((store, options, cancellationToken) => IronSession.GetAsync(store, options, jsonTypeInfo, cancellationToken)));
    }

    /// <summary>
    /// Registers a session of type <typeparamref name="T"/> bound to its own configuration section (reflection-based
    /// JSON): for an app with several session types, each with its own cookie.
    /// </summary>
    /// <typeparam name="T">The session data.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configurationSection">The section to bind, e.g. <c>"CartSession"</c> (nested: <c>"Sessions:Cart"</c>).</param>
    /// <param name="configure">Applied after configuration binding.</param>
    /// <returns>The service collection.</returns>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static IServiceCollection AddIronSession<T>(this IServiceCollection services, string configurationSection, Action<IronSessionSettings>? configure = null)
        where T : class =>
        services.AddIronSessionCore(configurationSection, configure, new IronSessionRegistration<T>((store, options, cancellationToken) => IronSession.GetAsync<T>(store, options, cancellationToken)));

    /// <summary>Registers a session of type <typeparamref name="T"/> with source-generated JSON, bound to its own configuration section.</summary>
    /// <typeparam name="T">The session data.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="jsonTypeInfo">How to read and write <typeparamref name="T"/>.</param>
    /// <param name="configurationSection">The section to bind, e.g. <c>"CartSession"</c>.</param>
    /// <param name="configure">Applied after configuration binding.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddIronSession<T>(this IServiceCollection services, JsonTypeInfo<T> jsonTypeInfo, string configurationSection, Action<IronSessionSettings>? configure = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        return services.AddIronSessionCore(configurationSection, configure, new IronSessionRegistration<T>((store, options, cancellationToken) => IronSession.GetAsync(store, options, jsonTypeInfo, cancellationToken)));
    }

    private static IServiceCollection AddIronSessionCore<T>(this IServiceCollection services, string configurationSection, Action<IronSessionSettings>? configure, IronSessionRegistration<T> registration)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(configurationSection);

        // Each session type has settings of its own, named after the type: two types never share a cookie by accident.
        string name = IronSessionSettings.OptionsName<T>();
        OptionsBuilder<IronSessionSettings> builder = services.AddOptions<IronSessionSettings>(name).BindConfiguration(configurationSection);
        if (configure is not null)
        {
            builder.Configure(configure);
        }


        // One start-up check across all registrations: each type's settings are valid, and no two types write the same cookie.
        SessionTypes.In(services).Add<IronSessionSettings, IronSessionOptions>(
            name, typeof(T), configurationSection, settings => settings.ToOptions(configurationSection), options => options.CookieName);
        services.TryAddSingleton<SessionOptionsProvider<T, IronSessionSettings, IronSessionOptions>>();
        services.TryAddSingleton(registration);

        // The session as a service of the request scope, so that handlers take it as a parameter (minimal APIs infer
        // parameters registered in DI, MVC actions and constructors get it injected): the same instance as
        // GetIronSessionAsync<T>() returns. Opening it completes synchronously (the work is CPU-bound).
        RequestContext.Register(services);
        services.TryAddScoped(provider => IronSessionHttpContextExtensions.Open(provider, registration));

        // The same session for Razor components in every render mode (the request's, or in a circuit the cookies the page carried).
        services.TryAddSingleton<ComponentSessionFormat<T>, IronComponentSessionFormat<T>>();
        services.TryAddScoped(provider => new ComponentSession<T>(provider, provider.GetRequiredService<ComponentSessionFormat<T>>()));
        return services;
    }
}
