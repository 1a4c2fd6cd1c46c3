using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>The current <see cref="IronSessionOptions"/> of session type <typeparamref name="T"/>, following configuration reloads.</summary>
internal sealed class IronSessionOptionsProvider<T> : IDisposable
    where T : class
{
    private readonly SessionOptionsSource<IronSessionSettings, IronSessionOptions> _source;

    public IronSessionOptionsProvider(
        IOptionsFactory<IronSessionSettings> factory, IEnumerable<IOptionsChangeTokenSource<IronSessionSettings>> sources,
        IronSessionTypes types, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        string name = IronSessionSettings.OptionsName<T>();
        ILogger logger = loggerFactory.CreateLogger(IronSessionLog.Category);
        _source = new(factory, sources, name, typeof(T).Name, Build(types.SectionOf(name), logger, timeProvider ?? TimeProvider.System), static (a, b) => a.SameAs(b), logger);
    }

    public IronSessionOptions Options => _source.Current;

    /// <summary>Settings to the options a request uses: the app's clock, refusals and warnings logged.</summary>
    /// <remarks>Warnings are logged once per cause (<see cref="SessionWarningLog"/>) for each set of settings.</remarks>
    public static Func<IronSessionSettings, IronSessionOptions> Build(string section, ILogger logger, TimeProvider timeProvider) => settings =>
    {
        IronSessionOptions options = settings.ToOptions(section);
        string cookieName = options.CookieName;
        return options with
        {
            TimeProvider = timeProvider,
            OnUnsealError = error => IronSessionLog.CookieRefused(logger, cookieName, error.Reason),
            OnWarning = SessionWarningLog.OncePerCause(logger),
        };
    };

    public void Dispose() => _source.Dispose();
}
