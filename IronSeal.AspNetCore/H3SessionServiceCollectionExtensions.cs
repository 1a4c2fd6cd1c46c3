using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using IronSeal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers h3 sessions (Nuxt's <c>useSession</c>, nuxt-auth-utils) with ASP.NET Core.</summary>
public static class H3SessionServiceCollectionExtensions
{
    private const string ReflectionMessage =
        "Reflection-based JSON for the session data; use the overload that takes a JsonTypeInfo<T> for trimming and native AOT.";

    /// <summary>
    /// Adds h3 sessions whose <c>data</c> is <typeparamref name="T"/>, with source-generated JSON: settings bound from
    /// the <c>H3Session</c> section (the password from <c>NUXT_SESSION_PASSWORD</c> when <c>H3Session:Password</c> is
    /// unset), then <paramref name="configure"/>, checked at start-up. Take <c>H3Session&lt;T&gt;</c> as a handler
    /// parameter or call <c>HttpContext.GetH3SessionAsync&lt;T&gt;()</c>.
    /// </summary>
    /// <typeparam name="T">The session's <c>data</c> (a class that can be read from <c>{}</c>).</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="jsonTypeInfo">How to read and write <typeparamref name="T"/>.</param>
    /// <param name="configure">Sets or overrides settings in code.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddH3Session<T>(this IServiceCollection services, JsonTypeInfo<T> jsonTypeInfo, Action<H3SessionSettings>? configure = null)
        where T : class =>
        services.AddH3Session(jsonTypeInfo, H3SessionSettings.SectionName, configure);

    /// <summary>Adds h3 sessions of <typeparamref name="T"/> with source-generated JSON, bound to their own configuration section.</summary>
    /// <typeparam name="T">The session's <c>data</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="jsonTypeInfo">How to read and write <typeparamref name="T"/>.</param>
    /// <param name="configurationSection">The section to bind, e.g. <c>"NuxtSession"</c>.</param>
    /// <param name="configure">Applied after configuration binding.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddH3Session<T>(this IServiceCollection services, JsonTypeInfo<T> jsonTypeInfo, string configurationSection, Action<H3SessionSettings>? configure = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        return services.AddH3SessionCore(configurationSection, configure, new H3SessionRegistration<T>(
            (store, options, header, cancellationToken) => H3Session.GetAsync(store, options, jsonTypeInfo, header, cancellationToken)));
    }

    /// <summary>Adds h3 sessions of <typeparamref name="T"/> with reflection-based JSON (the web defaults), bound from <c>H3Session</c>.</summary>
    /// <typeparam name="T">The session's <c>data</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets or overrides settings in code.</param>
    /// <returns>The service collection.</returns>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static IServiceCollection AddH3Session<T>(this IServiceCollection services, Action<H3SessionSettings>? configure = null)
        where T : class =>
        services.AddH3Session<T>(H3SessionSettings.SectionName, configure);

    /// <summary>
    /// Adds h3 sessions of <typeparamref name="T"/> with reflection-based JSON (the web defaults), bound to their own
    /// configuration section: for an app with several h3 session types, each with its own cookie.
    /// </summary>
    /// <typeparam name="T">The session's <c>data</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configurationSection">The section to bind, e.g. <c>"NuxtSession"</c>.</param>
    /// <param name="configure">Applied after configuration binding.</param>
    /// <returns>The service collection.</returns>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static IServiceCollection AddH3Session<T>(this IServiceCollection services, string configurationSection, Action<H3SessionSettings>? configure = null)
        where T : class =>
        services.AddH3SessionCore(configurationSection, configure, new H3SessionRegistration<T>(
            (store, options, header, cancellationToken) => H3Session.GetAsync<T>(store, options, header, cancellationToken)));

    private static IServiceCollection AddH3SessionCore<T>(this IServiceCollection services, string configurationSection, Action<H3SessionSettings>? configure, H3SessionRegistration<T> registration)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(configurationSection);

        string name = H3SessionSettings.OptionsName<T>();
        OptionsBuilder<H3SessionSettings> builder = services.AddOptions<H3SessionSettings>(name).BindConfiguration(configurationSection)
            .Configure<IConfiguration>(static (settings, configuration) =>
            {
                // The variable the Nuxt app reads: one secret for both apps.
                if (string.IsNullOrEmpty(settings.Password))
                {
                    settings.Password = configuration[H3SessionSettings.NuxtPasswordKey];
                }
            });
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        SessionTypes.In(services).Add<H3SessionSettings, H3SessionOptions>(
            name, typeof(T), configurationSection, settings => settings.ToOptions(configurationSection), options => options.Name);
        services.TryAddSingleton<SessionOptionsProvider<T, H3SessionSettings, H3SessionOptions>>();
        services.TryAddSingleton(registration);
        RequestContext.Register(services);
        services.TryAddScoped(provider => H3SessionHttpContextExtensions.Open(provider, registration));

        // The same session for Razor components in every render mode (the request's, or in a circuit the cookies the page carried).
        services.TryAddSingleton<ComponentSessionFormat<T>, H3ComponentSessionFormat<T>>();
        services.TryAddScoped(provider => new ComponentSession<T>(provider, provider.GetRequiredService<ComponentSessionFormat<T>>()));
        return services;
    }
}
