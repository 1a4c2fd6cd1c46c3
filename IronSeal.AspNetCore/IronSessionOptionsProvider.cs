using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptionsNames = Microsoft.Extensions.Options.Options;
using Microsoft.Extensions.Primitives;

namespace IronSeal;

/// <summary>
/// The current <see cref="IronSessionOptions"/> of session type <typeparamref name="T"/>. Follows configuration reloads:
/// a valid change (new passwords, ttl, cookie settings) applies from the next request on; an invalid one is logged
/// (with the reason, never a password) and the last good options stay.
/// </summary>
internal sealed partial class IronSessionOptionsProvider<T> : IDisposable
    where T : class
{
    private readonly IOptionsFactory<IronSessionSettings> _factory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _name;
    private readonly string _section;
    private readonly List<IDisposable> _subscriptions = [];
    private IronSessionOptions? _options;

    public IronSessionOptionsProvider(
        IOptionsFactory<IronSessionSettings> factory, IEnumerable<IOptionsChangeTokenSource<IronSessionSettings>> sources,
        IronSessionTypes types, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        _factory = factory;
        _logger = loggerFactory.CreateLogger(IronSessionLog.Category);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _name = IronSessionSettings.OptionsName<T>();
        _section = types.SectionOf(_name);
        foreach (IOptionsChangeTokenSource<IronSessionSettings> source in sources)
        {
            if (string.Equals(source.Name ?? OptionsNames.DefaultName, _name, StringComparison.Ordinal))
            {
                _subscriptions.Add(ChangeToken.OnChange(source.GetChangeToken, Reload));
            }
        }
    }

    public IronSessionOptions Options => Volatile.Read(ref _options) ?? Initialize();

    public void Dispose()
    {
        foreach (IDisposable subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private IronSessionOptions Initialize()
    {
        // Start-up validation has run (IronSessionStartupValidator); an app that skipped it gets the message here.
        if (!IronSessionOptionsBuilder.TryBuild(_factory, _name, _section, out IronSessionOptions? options, out string? failure))
        {
            throw new InvalidOperationException(failure);
        }

        IronSessionOptions complete = Complete(options);
        return Interlocked.CompareExchange(ref _options, complete, null) ?? complete;
    }

    private void Reload()
    {
        if (IronSessionOptionsBuilder.TryBuild(_factory, _name, _section, out IronSessionOptions? options, out string? failure))
        {
            Volatile.Write(ref _options, Complete(options));
            IronSessionLog.OptionsReloaded(_logger, typeof(T).Name);
        }
        else
        {
            IronSessionLog.ReloadRefused(_logger, typeof(T).Name, failure);
        }
    }

    private IronSessionOptions Complete(IronSessionOptions options)
    {
        string cookieName = options.CookieName;
        ILogger logger = _logger;
        return options with
        {
            TimeProvider = _timeProvider,
            OnUnsealError = error => IronSessionLog.CookieRefused(logger, cookieName, error.Reason),
        };
    }
}
