using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>
/// The current options of session type <typeparamref name="T"/> in either format, following configuration reloads:
/// the settings of the type's name, built into options with the app's clock, refusals and warnings logged.
/// </summary>
/// <typeparam name="T">The session data type.</typeparam>
/// <typeparam name="TSettings">The format's settings (<see cref="IronSessionSettings"/>, <see cref="H3SessionSettings"/>).</typeparam>
/// <typeparam name="TOptions">The format's options (<see cref="IronSessionOptions"/>, <see cref="H3SessionOptions"/>).</typeparam>
internal sealed class SessionOptionsProvider<T, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TSettings, TOptions> : IDisposable
    where T : class
    where TSettings : class, ISessionSettings<TSettings, TOptions>
    where TOptions : class
{
    private readonly SessionOptionsSource<TSettings, TOptions> _source;

    public SessionOptionsProvider(
        IOptionsFactory<TSettings> factory, IEnumerable<IOptionsChangeTokenSource<TSettings>> sources,
        SessionTypes types, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        string name = TSettings.OptionsName(typeof(T));
        ILogger logger = loggerFactory.CreateLogger(SessionLog.Category);
        _source = new(factory, sources, name, typeof(T).Name, Build(types.SectionOf(name), logger, timeProvider ?? TimeProvider.System), static (a, b) => a.SameAs(b), logger);
    }

    public TOptions Options => _source.Current;

    /// <summary>Settings to the options a request uses: the app's clock, refusals and warnings logged.</summary>
    /// <remarks>Warnings are logged once per cause (<see cref="SessionWarningLog"/>) for each set of settings.</remarks>
    private static Func<TSettings, TOptions> Build(string section, ILogger logger, TimeProvider timeProvider) => settings =>
    {
        string cookieName = settings.CookieNameIn(section);
        return settings.ToOptions(
            section, timeProvider, error => SessionLog.CookieRefused(logger, cookieName, error.Reason), SessionWarningLog.OncePerCause(logger));
    };

    public void Dispose() => _source.Dispose();
}
