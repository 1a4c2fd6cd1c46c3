using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>
/// The session types an app registered (iron-session and h3 ones), by their settings' options name: the section each
/// binds, and how to check its settings at start-up and learn its cookie name.
/// </summary>
internal sealed class SessionTypes
{
    private readonly Dictionary<string, Registration> _types = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Registration> Types => _types;

    /// <summary>Finds the registry among the registered services, adding it (with its start-up check) the first time.</summary>
    public static SessionTypes In(IServiceCollection services)
    {
        if (services.Where(d => d.ServiceType == typeof(SessionTypes)).Select(d => d.ImplementationInstance).OfType<SessionTypes>().FirstOrDefault() is { } existing)
        {
            return existing;
        }

        var types = new SessionTypes();
        services.AddSingleton(types);
        services.AddOptions<SessionTypes>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionTypes>, SessionStartupValidator>();
        return types;
    }

    /// <summary>Adds a registration whose settings of type <typeparamref name="TSettings"/> build options with a cookie name.</summary>
    public void Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TSettings, TOptions>(string name, Type type, string section, Func<TSettings, TOptions> build, Func<TOptions, string> cookieName)
        where TSettings : class
        where TOptions : class =>
        _types[name] = new Registration(type, section, services =>
            SessionOptionsSource<TSettings, TOptions>.TryBuild(services.GetRequiredService<IOptionsFactory<TSettings>>(), name, build, out TOptions? options, out string? failure)
                ? (cookieName(options), null)
                : (null, failure));

    /// <summary>The configuration section the settings of <paramref name="name"/> are bound from.</summary>
    public string SectionOf(string name) => _types.TryGetValue(name, out Registration? entry) ? entry.Section : IronSessionSettings.SectionName;

    internal sealed record Registration(Type Type, string Section, Func<IServiceProvider, (string? CookieName, string? Failure)> Check);
}
