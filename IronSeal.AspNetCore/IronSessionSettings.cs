namespace IronSeal;

/// <summary>
/// The bindable form of <see cref="IronSessionOptions"/> for the options pattern: set it in code or bind it from
/// configuration (section <c>IronSession</c>). Checked at start-up; the password is never logged.
/// </summary>
/// <remarks>
/// Only plain values live here, so that configuration binding stays trimming- and AOT-safe. The clock is the
/// <see cref="TimeProvider"/> registered in DI (else the system clock); a cookie that does not open is logged at Debug
/// level with its reason (never its value); JSON settings come with the <c>JsonTypeInfo&lt;T&gt;</c> overload of
/// <c>AddIronSession</c> (the reflection overload uses the web defaults: camelCase).
/// </remarks>
/// <example>
/// <code>
/// "IronSession": {
///   "CookieName": "myapp_session",
///   "Passwords": { "2": "new secret of 32+ characters…", "1": "old secret of 32+ characters…" },
///   "Ttl": "7.00:00:00",
///   "Cookie": { "Domain": "example.com" }
/// }
/// </code>
/// </example>
public sealed class IronSessionSettings : ISessionSettings<IronSessionSettings, IronSessionOptions>
{
    /// <summary>The configuration section <see cref="Microsoft.Extensions.DependencyInjection.IronSessionServiceCollectionExtensions.AddIronSession{T}(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{IronSessionSettings}?)"/> binds: <c>IronSession</c>.</summary>
    public const string SectionName = "IronSession";

    /// <summary>
    /// The options name under which <c>AddIronSession&lt;T&gt;</c> registers the settings of session type
    /// <typeparamref name="T"/> (its full type name): read them with
    /// <c>IOptionsMonitor&lt;IronSessionSettings&gt;.Get(IronSessionSettings.OptionsName&lt;T&gt;())</c>, or validate
    /// more with <c>services.AddOptions&lt;IronSessionSettings&gt;(IronSessionSettings.OptionsName&lt;T&gt;())</c>.
    /// </summary>
    /// <typeparam name="T">The session data type.</typeparam>
    /// <returns>The options name.</returns>
    public static string OptionsName<T>()
        where T : class => NameOf(typeof(T));

    private static string NameOf(Type type) => type.FullName ?? type.Name;

    /// <summary>
    /// The id in <see cref="Passwords"/> that seals; unset: the highest id. Rotating a fleet through a configuration
    /// change: add the new password with this still on the old id, then move it to the new id, then drop the old one.
    /// </summary>
    public string? SealingPasswordId { get; set; }

    /// <summary>The cookie name. Required.</summary>
    public string? CookieName { get; set; }

    /// <summary>One password (id <c>"1"</c>), at least 32 characters. Use this or <see cref="Passwords"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Id → password for rotation; the highest integer id seals. Use this or <see cref="Password"/>.</summary>
    public Dictionary<string, string> Passwords { get; set; } = [];

    /// <summary>Session lifetime; default 14 days; <see cref="TimeSpan.Zero"/> for the longest.</summary>
    public TimeSpan Ttl { get; set; } = SealOptions.DefaultTtl;

    /// <summary>The cookie's attributes, starting from <see cref="IronSessionOptions.DefaultCookie"/>.</summary>
    public CookieSettings Cookie { get; set; } = new();

    /// <summary>Split big sessions over up to four cookies (iron-session 9's <c>chunk: true</c>).</summary>
    public bool Chunking { get; set; }

    /// <summary>Re-issue the cookie when less than half the ttl is left, before the response starts.</summary>
    public bool Rolling { get; set; }

    /// <summary>The longest a rolling session lives from its first save, renewals included; unset for no limit (e.g. <c>"30.00:00:00"</c>).</summary>
    public TimeSpan? AbsoluteLifetime { get; set; }

    /// <summary>Write the cookie without Max-Age/Expires, so the browser drops it when it closes; the seal still expires after the ttl.</summary>
    public bool BrowserSessionCookie { get; set; }

    bool ISessionSettings<IronSessionSettings, IronSessionOptions>.SameAs(IronSessionSettings other) => SameAs(other);

    /// <summary>The same values in every setting (a configuration reload that changed nothing here).</summary>
    internal bool SameAs(IronSessionSettings other) =>
        CookieName == other.CookieName && Password == other.Password && SealingPasswordId == other.SealingPasswordId
        && Passwords.Count == other.Passwords.Count
        && Passwords.All(pair => other.Passwords.TryGetValue(pair.Key, out string? theirs) && theirs == pair.Value)
        && Ttl == other.Ttl && Cookie.SameAs(other.Cookie) && Chunking == other.Chunking && Rolling == other.Rolling
        && AbsoluteLifetime == other.AbsoluteLifetime && BrowserSessionCookie == other.BrowserSessionCookie;

    static string ISessionSettings<IronSessionSettings, IronSessionOptions>.OptionsName(Type sessionType) => NameOf(sessionType);

    string ISessionSettings<IronSessionSettings, IronSessionOptions>.CookieNameIn(string section) => CookieName ?? string.Empty;

    IronSessionOptions ISessionSettings<IronSessionSettings, IronSessionOptions>.ToOptions(
        string section, TimeProvider timeProvider, Action<SealException> onUnsealError, Action<SessionWarning> onWarning) =>
        ToOptions(section) with { TimeProvider = timeProvider, OnUnsealError = onUnsealError, OnWarning = onWarning };

    /// <summary>Builds and checks the <see cref="IronSessionOptions"/> these settings describe.</summary>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">Something must change; the message says what (and never shows a password).</exception>
    public IronSessionOptions ToOptions() => ToOptions(SectionName);

    /// <summary>Builds the options; messages name keys under <paramref name="section"/>, the section these settings were bound from.</summary>
    internal IronSessionOptions ToOptions(string section)
    {
        if (string.IsNullOrEmpty(CookieName))
        {
            throw new ArgumentException($"Set {section}:CookieName (e.g. \"myapp_session\"): the session cookie needs a name.");
        }

        ConfigurationMessages.CheckDuration(section, Ttl, "Ttl", "14.00:00:00", "14 days");
        if (Cookie.MaxAge is { } maxAge)
        {
            ConfigurationMessages.CheckDuration(section, maxAge, "Cookie:MaxAge", "13.23:59:00", "14 days less a minute");
        }

        bool hasPassword = !string.IsNullOrEmpty(Password);
        bool hasPasswords = Passwords is { Count: > 0 };
        if (hasPassword == hasPasswords)
        {
            throw new ArgumentException(hasPassword
                ? $"Set either {section}:Password or {section}:Passwords, not both."
                : $"Set {section}:Password to a secret of at least 32 random characters (from user secrets or the environment, e.g. IronSession__Password), or {section}:Passwords for rotation.");
        }

        // Each numbered password alone first, so that a message names the key to change (IronSession:Passwords:3).
        foreach ((string id, string secret) in hasPassword ? [] : Passwords)
        {
            try
            {
                _ = PasswordSet.FromDictionary(new Dictionary<string, string> { [id] = secret });
            }
            catch (ArgumentException exception)
            {
                throw new ArgumentException($"{section}:Passwords:{id}: {ForConfiguration(section, exception.Message)}", exception);
            }
        }

        PasswordSet passwords;
        try
        {
            passwords = hasPassword ? PasswordSet.FromString(Password!) : PasswordSet.FromDictionary(Passwords);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"{section}:{(hasPassword ? "Password" : "Passwords")}: {ForConfiguration(section, exception.Message)}", exception);
        }

        if (!string.IsNullOrEmpty(SealingPasswordId))
        {
            passwords = passwords.Ids.Contains(SealingPasswordId, StringComparer.Ordinal)
                ? passwords.WithSealingId(SealingPasswordId)
                : throw new ArgumentException(
                    $"{section}:SealingPasswordId is \"{SealingPasswordId}\", which is not an id in {section}:Passwords (ids: {string.Join(", ", passwords.Ids.Order(StringComparer.Ordinal))}).");
        }

        var options = new IronSessionOptions
        {
            CookieName = CookieName,
            Password = passwords,
            Ttl = Ttl,
            Cookie = Cookie.ToAttributes(),
            Chunking = Chunking,
            Rolling = Rolling,
            BrowserSessionCookie = BrowserSessionCookie,
            AbsoluteLifetime = AbsoluteLifetime,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException(ForConfiguration(section, exception.Message), exception);
        }

        return options;
    }

    /// <summary>The library's message in configuration terms: keys instead of property names, and no "(Parameter …)".</summary>
    private static string ForConfiguration(string section, string message) =>
        ConfigurationMessages.ForOptions(section, message)
            .Replace("IronSessionOptions.Cookie/CookieName: ", section + ":Cookie: ", StringComparison.Ordinal)
            .Replace("IronSessionOptions.Cookie.", section + ":Cookie:", StringComparison.Ordinal)
            .Replace("IronSessionOptions.", section + ":", StringComparison.Ordinal);
}
