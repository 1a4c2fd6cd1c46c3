using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace IronSeal;

/// <summary>
/// The current options of one session registration, built from its bound settings and rebuilt on every configuration
/// reload: a valid change applies from the next request on; an invalid one is logged (the reason, in configuration
/// keys, never a password) and the last good options stay.
/// </summary>
/// <typeparam name="TSettings">The bindable settings.</typeparam>
/// <typeparam name="TOptions">The options sessions are opened with.</typeparam>
internal sealed class SessionOptionsSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TSettings, TOptions> : IDisposable
    where TSettings : class
    where TOptions : class
{
    private readonly IOptionsFactory<TSettings> _factory;
    private readonly string _name;
    private readonly string _sessionType;
    private readonly Func<TSettings, TOptions> _build;
    private readonly Func<TSettings, TSettings, bool> _same;
    private TSettings? _settings; // the settings the current options were built from
    private readonly ILogger _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private TOptions? _options;

    /// <param name="factory">Binds and validates the settings of <paramref name="name"/>.</param>
    /// <param name="sources">The change tokens of the settings; those of <paramref name="name"/> trigger a rebuild.</param>
    /// <param name="name">The settings' options name.</param>
    /// <param name="sessionType">The session type's name, for log messages.</param>
    /// <param name="build">Settings to complete options; throws <see cref="ArgumentException"/> with a configuration message.</param>
    /// <param name="same">Whether two settings are the same (a reload of the whole configuration touches every registration).</param>
    /// <param name="logger">The <c>IronSeal</c> logger.</param>
    public SessionOptionsSource(
        IOptionsFactory<TSettings> factory, IEnumerable<IOptionsChangeTokenSource<TSettings>> sources, string name, string sessionType,
        Func<TSettings, TOptions> build, Func<TSettings, TSettings, bool> same, ILogger logger)
    {
        _same = same;
        _factory = factory;
        _name = name;
        _sessionType = sessionType;
        _build = build;
        _logger = logger;
        foreach (IOptionsChangeTokenSource<TSettings> source in sources)
        {
            if (string.Equals(source.Name ?? Options.DefaultName, name, StringComparison.Ordinal))
            {
                _subscriptions.Add(ChangeToken.OnChange(source.GetChangeToken, Reload));
            }
        }
    }

    public TOptions Current => Volatile.Read(ref _options) ?? Initialize();

    /// <summary>Binds, validates and builds; every failure becomes a message (never a password).</summary>
    public static bool TryBuild(
        IOptionsFactory<TSettings> factory, string name, Func<TSettings, TOptions> build,
        [NotNullWhen(true)] out TOptions? options, [NotNullWhen(false)] out string? failure) =>
        TryBuild(factory, name, build, out _, out options, out failure);

    private static bool TryBuild(
        IOptionsFactory<TSettings> factory, string name, Func<TSettings, TOptions> build,
        out TSettings? settings, [NotNullWhen(true)] out TOptions? options, [NotNullWhen(false)] out string? failure)
    {
        settings = null;
        try
        {
            // The factory binds the section, applies the app's Configure calls and runs its own validators.
            settings = factory.Create(name);
            options = build(settings);
            failure = null;
            return true;
        }
        catch (OptionsValidationException exception)
        {
            failure = string.Join("; ", exception.Failures);
        }
        catch (ArgumentException exception)
        {
            failure = $"IronSeal: {exception.Message}";
        }
        catch (InvalidOperationException exception)
        {
            // The configuration binder: a value that does not convert (e.g. Ttl = "two weeks", SameSite = "Lux").
            failure = $"IronSeal: {exception.Message}{ConfigurationMessages.ChoicesFor(exception.Message)}";
        }

        options = null;
        return false;
    }

    public void Dispose()
    {
        foreach (IDisposable subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private TOptions Initialize()
    {
        // Start-up validation has run (SessionStartupValidator); an app that skipped it gets the message here.
        if (!TryBuild(_factory, _name, _build, out TSettings? settings, out TOptions? options, out string? failure))
        {
            throw new InvalidOperationException(failure);
        }

        if (Interlocked.CompareExchange(ref _options, options, null) is { } raced)
        {
            return raced;
        }

        Volatile.Write(ref _settings, settings);
        return options;
    }

    private void Reload()
    {
        if (TryBuild(_factory, _name, _build, out TSettings? settings, out TOptions? options, out string? failure))
        {
            // A reload raises every registration's change token; only a registration whose settings changed says so.
            TSettings? current = Volatile.Read(ref _settings);
            if (current is null || !_same(current, settings!))
            {
                Volatile.Write(ref _settings, settings);
                Volatile.Write(ref _options, options);
                SessionLog.OptionsReloaded(_logger, _sessionType);
            }
        }
        else
        {
            SessionLog.ReloadRefused(_logger, _sessionType, failure);
        }
    }
}
