namespace IronSeal;

/// <summary>
/// The bindable settings of an h3 session (Nuxt's <c>useSession</c>, nuxt-auth-utils) in ASP.NET Core, bound from the
/// <c>H3Session</c> configuration section (or the section given to <c>AddH3Session&lt;T&gt;</c>).
/// </summary>
/// <example>
/// For a Nuxt app with nuxt-auth-utils and <c>runtimeConfig.session.maxAge</c> of 7 days:
/// <code>
/// "H3Session": { "Name": "nuxt-session", "MaxAge": "7.00:00:00", "Cookie": { "SameSite": "Lax" } }
/// </code>
/// and the password in the environment as <c>NUXT_SESSION_PASSWORD</c>, the variable the Nuxt app reads.
/// </example>
public sealed class H3SessionSettings : ISessionSettings<H3SessionSettings, H3SessionOptions>
{
    /// <summary>The configuration section <c>AddH3Session&lt;T&gt;()</c> binds: <c>H3Session</c>.</summary>
    public const string SectionName = "H3Session";

    /// <summary>The configuration key read for the password when <see cref="Password"/> is unset: <c>NUXT_SESSION_PASSWORD</c>, as Nuxt reads it.</summary>
    public const string NuxtPasswordKey = "NUXT_SESSION_PASSWORD";

    /// <summary>
    /// The options name under which <c>AddH3Session&lt;T&gt;</c> registers the settings of <typeparamref name="T"/>: read
    /// them with <c>IOptionsMonitor&lt;H3SessionSettings&gt;.Get(H3SessionSettings.OptionsName&lt;T&gt;())</c>.
    /// </summary>
    /// <typeparam name="T">The session data type.</typeparam>
    /// <returns>The options name.</returns>
    public static string OptionsName<T>()
        where T : class => NameOf(typeof(T));

    private static string NameOf(Type type) => "h3:" + (type.FullName ?? type.Name);

    /// <summary>The session and cookie name (h3's <c>name</c>): <c>h3</c> by default in h3, <c>nuxt-session</c> with nuxt-auth-utils. Required.</summary>
    public string? Name { get; set; }

    /// <summary>The Node app's password, 32+ characters; unset: the configuration key <c>NUXT_SESSION_PASSWORD</c>.</summary>
    public string? Password { get; set; }

    /// <summary>The h3 major version of the Node app: <c>V1</c> (Nuxt 3 and 4, the default) or <c>V2</c>.</summary>
    public H3Version Version { get; set; } = H3Version.V1;

    /// <summary>h3's <c>maxAge</c> as a TimeSpan (<c>"7.00:00:00"</c>; a bare number is days): the session's absolute lifetime. Unset: none.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>h3 2.x's <c>idleTimeout</c> as a TimeSpan. Unset: none.</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>The cookie's attributes; unset: h3's defaults for <see cref="Version"/> (<c>Path=/; Secure; HttpOnly</c>, 2.x adds <c>SameSite=Lax</c>).</summary>
    public H3CookieSettings? Cookie { get; set; }

    /// <summary>The request header h3 also reads the session from; unset: <c>x-{name}-session</c>; empty: none.</summary>
    public string? SessionHeader { get; set; }

    bool ISessionSettings<H3SessionSettings, H3SessionOptions>.SameAs(H3SessionSettings other) => SameAs(other);

    /// <summary>The same values in every setting (a configuration reload that changed nothing here).</summary>
    internal bool SameAs(H3SessionSettings other) =>
        Name == other.Name && Password == other.Password && Version == other.Version && MaxAge == other.MaxAge
        && IdleTimeout == other.IdleTimeout && SessionHeader == other.SessionHeader
        && (Cookie is null ? other.Cookie is null : other.Cookie is not null && Cookie.SameAs(other.Cookie));

    static string ISessionSettings<H3SessionSettings, H3SessionOptions>.OptionsName(Type sessionType) => NameOf(sessionType);

    string ISessionSettings<H3SessionSettings, H3SessionOptions>.CookieNameIn(string section) => Name ?? string.Empty;

    H3SessionOptions ISessionSettings<H3SessionSettings, H3SessionOptions>.ToOptions(
        string section, TimeProvider timeProvider, Action<SealException> onUnsealError, Action<SessionWarning> onWarning) =>
        ToOptions(section) with { TimeProvider = timeProvider, OnUnsealError = onUnsealError, OnWarning = onWarning };

    /// <summary>Builds and checks the options these settings describe.</summary>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">Something must change; the message says what (and never shows a password).</exception>
    public H3SessionOptions ToOptions() => ToOptions(SectionName);

    internal H3SessionOptions ToOptions(string section)
    {
        if (string.IsNullOrEmpty(Name))
        {
            throw new ArgumentException($"Set {section}:Name to the h3 session name: \"nuxt-session\" with nuxt-auth-utils, \"h3\" for h3's own default.");
        }

        if (string.IsNullOrEmpty(Password))
        {
            throw new ArgumentException(
                $"Set {section}:Password, or {NuxtPasswordKey} as the Nuxt app has it, to the Node app's password (32+ characters, from user secrets or the environment).");
        }

        const string H3Seconds = " (h3's maxAge is seconds)";
        if (MaxAge is { } maxAge)
        {
            ConfigurationMessages.CheckDuration(section, maxAge, "MaxAge", "7.00:00:00", "7 days", H3Seconds);
        }

        if (IdleTimeout is { } idleTimeout)
        {
            ConfigurationMessages.CheckDuration(section, idleTimeout, "IdleTimeout", "7.00:00:00", "7 days", H3Seconds);
        }

        PasswordSet password;
        try
        {
            password = PasswordSet.FromString(Password);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"{section}:Password: {ConfigurationMessages.WithoutParameter(exception.Message)}", exception);
        }

        var options = new H3SessionOptions
        {
            Name = Name,
            Password = password,
            Version = Version,
            MaxAge = MaxAge,
            IdleTimeout = IdleTimeout,
            Cookie = Cookie?.ToAttributes(Version),
            SessionHeader = SessionHeader,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException(
                ConfigurationMessages.ForOptions(section, exception.Message).Replace("H3SessionOptions.", section + ":", StringComparison.Ordinal),
                exception);
        }

        return options;
    }
}

/// <summary>Bindable cookie attributes of an h3 session; each unset value keeps h3's default.</summary>
public sealed class H3CookieSettings
{
    /// <summary>Default <see langword="true"/>.</summary>
    public bool HttpOnly { get; set; } = true;

    /// <summary>Default <see langword="true"/>; <see langword="false"/> only if the Nuxt app turns <c>secure</c> off (plain-HTTP development).</summary>
    public bool Secure { get; set; } = true;

    /// <summary>Unset: h3's default (none in 1.x, <c>Lax</c> in 2.x); nuxt-auth-utils sets <c>Lax</c>.</summary>
    public SameSite? SameSite { get; set; }

    /// <summary>Default <c>/</c>.</summary>
    public string Path { get; set; } = "/";

    /// <summary>Default none (only the host that set the cookie).</summary>
    public string? Domain { get; set; }

    internal bool SameAs(H3CookieSettings other) =>
        HttpOnly == other.HttpOnly && Secure == other.Secure && SameSite == other.SameSite && Path == other.Path && Domain == other.Domain;

    internal CookieAttributes ToAttributes(H3Version version) => H3SessionOptions.DefaultCookie(version) with
    {
        HttpOnly = HttpOnly,
        Secure = Secure,
        SameSite = SameSite ?? H3SessionOptions.DefaultCookie(version).SameSite,
        Path = Path,
        Domain = Domain,
    };
}
