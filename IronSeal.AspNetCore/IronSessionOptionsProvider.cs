using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>Builds the app's <see cref="IronSessionOptions"/> once from the validated settings.</summary>
internal sealed partial class IronSessionOptionsProvider<T>(IOptionsMonitor<IronSessionSettings> settings, ILogger<IronSessionOptionsProvider<T>> logger, TimeProvider? timeProvider = null)
    where T : class
{
    private IronSessionOptions? _options;

    public IronSessionOptions Options => _options ??= Build();

    private IronSessionOptions Build()
    {
        IronSessionOptions options = settings.Get(IronSessionSettings.OptionsName<T>()).ToOptions();
        return options with
        {
            TimeProvider = timeProvider ?? TimeProvider.System,
            OnUnsealError = error => LogUnsealError(logger, options.CookieName, error.Reason),
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The session cookie {CookieName} did not open ({Reason}); the request gets an empty session.")]
    private static partial void LogUnsealError(ILogger logger, string cookieName, SealError reason);
}
