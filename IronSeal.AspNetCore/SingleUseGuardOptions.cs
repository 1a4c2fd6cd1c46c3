namespace IronSeal;

/// <summary>
/// Settings of <see cref="SingleUseGuard"/>: how long a used token's id is remembered, and under which cache key.
/// Set them with <c>AddIronSealSingleUse(options => { … })</c>.
/// </summary>
public sealed class SingleUseGuardOptions
{
    /// <summary>The default <see cref="KeyPrefix"/>: <c>ironseal:used:</c>.</summary>
    public const string DefaultKeyPrefix = "ironseal:used:";

    /// <summary>The default <see cref="ExpiryMargin"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultExpiryMargin = TimeSpan.FromMinutes(5);

    /// <summary>The default <see cref="RetentionWithoutExpiry"/>: 14 days, iron-session's default ttl.</summary>
    public static readonly TimeSpan DefaultRetentionWithoutExpiry = SealOptions.DefaultTtl;

    /// <summary>The largest <see cref="ExpiryMargin"/>: one day (clocks that disagree by more are broken).</summary>
    internal static readonly TimeSpan MaxExpiryMargin = TimeSpan.FromDays(1);

    /// <summary>
    /// The longest an id is remembered: 100 years. No real token lives that long; the cap keeps the cache's date
    /// arithmetic in range for a seal whose expiration field says year 9999.
    /// </summary>
    internal static readonly TimeSpan MaxRetention = TimeSpan.FromDays(36_500);

    /// <summary>
    /// Put before every id to make its cache key, so the guard's entries never collide with the app's own cache entries.
    /// Default <c>ironseal:used:</c>. Give apps that share one cache but must not share used tokens different prefixes.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>
    /// How long after a token's expiration its id is still remembered. Default 5 minutes; at most one day.
    /// </summary>
    /// <value>
    /// It must cover the <see cref="SealOptions.ClockSkew"/> the token is opened with (a seal still opens that long after
    /// its expiration; 60 s by default, zero for strict magic links) plus how far the clocks of the servers and of the
    /// cache may disagree. While a token can still open somewhere, its id must still be remembered.
    /// </value>
    public TimeSpan ExpiryMargin { get; set; } = DefaultExpiryMargin;

    /// <summary>
    /// How long the id of a token that never expires (made with <see cref="SealOptions.Ttl"/> = <see cref="TimeSpan.Zero"/>)
    /// is remembered. Default 14 days; at most 100 years.
    /// </summary>
    /// <value>
    /// After this, such a token is accepted once more: a cache cannot remember forever. Give single-use tokens a ttl
    /// (a magic link: 15 minutes), and this setting never matters.
    /// </value>
    public TimeSpan RetentionWithoutExpiry { get; set; } = DefaultRetentionWithoutExpiry;
}
