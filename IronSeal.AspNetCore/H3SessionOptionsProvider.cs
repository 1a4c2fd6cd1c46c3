using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>The current <see cref="H3SessionOptions"/> of session type <typeparamref name="T"/>, following configuration reloads.</summary>
internal sealed class H3SessionOptionsProvider<T> : IDisposable
    where T : class
{
    private readonly SessionOptionsSource<H3SessionSettings, H3SessionOptions> _source;

    public H3SessionOptionsProvider(
        IOptionsFactory<H3SessionSettings> factory, IEnumerable<IOptionsChangeTokenSource<H3SessionSettings>> sources,
        IronSessionTypes types, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        string name = H3SessionSettings.OptionsName<T>();
        ILogger logger = loggerFactory.CreateLogger(IronSessionLog.Category);
        _source = new(factory, sources, name, typeof(T).Name, Build(types.SectionOf(name), logger, timeProvider ?? TimeProvider.System), static (a, b) => a.SameAs(b), logger);
    }

    public H3SessionOptions Options => _source.Current;

    /// <summary>Settings to the options a request uses: the app's clock, refusals and warnings logged.</summary>
    /// <remarks>Warnings are logged once per cause (<see cref="SessionWarningLog"/>) for each set of settings.</remarks>
    public static Func<H3SessionSettings, H3SessionOptions> Build(string section, ILogger logger, TimeProvider timeProvider) => settings =>
    {
        H3SessionOptions options = settings.ToOptions(section);
        string cookieName = options.Name;
        return options with
        {
            TimeProvider = timeProvider,
            OnUnsealError = error => IronSessionLog.CookieRefused(logger, cookieName, error.Reason),
            OnWarning = SessionWarningLog.OncePerCause(logger),
        };
    };

    public void Dispose() => _source.Dispose();
}
