namespace IronSeal;

/// <summary>Bindable cookie attributes; each unset value keeps iron-session's default.</summary>
public sealed class CookieSettings
{
    /// <summary>Default <see langword="true"/>.</summary>
    public bool HttpOnly { get; set; } = true;

    /// <summary>Default <see langword="true"/> (browsers treat http://localhost as secure).</summary>
    public bool Secure { get; set; } = true;

    /// <summary>Default <see cref="IronSeal.SameSite.Lax"/>.</summary>
    public SameSite SameSite { get; set; } = SameSite.Lax;

    /// <summary>Default <c>/</c>.</summary>
    public string Path { get; set; } = "/";

    /// <summary>Default none (only the host that set the cookie).</summary>
    public string? Domain { get; set; }

    /// <summary>Default: derived from the ttl (ttl − 60 s). Whole seconds.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Default <see langword="false"/>.</summary>
    public bool Partitioned { get; set; }

    internal bool SameAs(CookieSettings other) =>
        HttpOnly == other.HttpOnly && Secure == other.Secure && SameSite == other.SameSite && Path == other.Path
        && Domain == other.Domain && MaxAge == other.MaxAge && Partitioned == other.Partitioned;

    internal CookieAttributes ToAttributes() => new()
    {
        HttpOnly = HttpOnly,
        Secure = Secure,
        SameSite = SameSite,
        Path = Path,
        Domain = Domain,
        MaxAge = MaxAge,
        Partitioned = Partitioned,
    };
}
