namespace IronSeal;

/// <summary>What the adapter's plumbing, generic over the session format, asks of a format's settings type.</summary>
/// <typeparam name="TSelf">The settings type.</typeparam>
/// <typeparam name="TOptions">The options it builds.</typeparam>
internal interface ISessionSettings<TSelf, TOptions>
    where TSelf : class, ISessionSettings<TSelf, TOptions>
{
    /// <summary>The options name of a session type's settings (each type has its own).</summary>
    static abstract string OptionsName(Type sessionType);

    /// <summary>The same values in every setting (a configuration reload that changed nothing).</summary>
    bool SameAs(TSelf other);

    /// <summary>The cookie name these settings give (checked by <see cref="ToOptions"/>).</summary>
    string CookieNameIn(string section);

    /// <summary>The options, with the host's clock and sinks; messages name keys under <paramref name="section"/>.</summary>
    TOptions ToOptions(string section, TimeProvider timeProvider, Action<SealException> onUnsealError, Action<SessionWarning> onWarning);
}
