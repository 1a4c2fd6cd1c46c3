namespace IronSeal;

/// <summary>
/// Settings of <see cref="SessionRevocation"/>, shared by every session type it covers. Set them with
/// <c>AddIronSessionRevocation&lt;T&gt;(userId, options => { … })</c> or <c>AddH3SessionRevocation&lt;T&gt;(…)</c>.
/// </summary>
public sealed class SessionRevocationOptions
{
    /// <summary>The default <see cref="KeyPrefix"/>: <c>ironseal:revoked:</c>.</summary>
    public const string DefaultKeyPrefix = "ironseal:revoked:";

    /// <summary>The default <see cref="CheckInterval"/>: one second.</summary>
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>The largest <see cref="CheckInterval"/>: one hour.</summary>
    internal static readonly TimeSpan MaxCheckInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an instance trusts what it last read from the store about a session: a revocation made on another
    /// instance takes effect here within this interval (one made on this instance, at once). Default one second;
    /// <see cref="TimeSpan.Zero"/> asks the store on every request that carries the session; at most one hour.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = DefaultCheckInterval;

    /// <summary>
    /// What a check does when the store fails and this instance has nothing read within <see cref="CheckInterval"/>:
    /// <see cref="RevocationFailurePolicy.Refuse"/> (the default: fail closed) or <see cref="RevocationFailurePolicy.Accept"/>.
    /// Either way the failure is logged (event 9, <c>RevocationStoreFailed</c>) and counted in
    /// <c>ironseal.revocation.store_failures</c>; no request fails with a 500 because of it.
    /// </summary>
    public RevocationFailurePolicy OnStoreFailure { get; set; } = RevocationFailurePolicy.Refuse;

    /// <summary>
    /// Put before <c>session:</c> + the session id and <c>user:</c> + the user id to make the store's keys. Default
    /// <c>ironseal:revoked:</c>; a Node app enforcing the same revocations uses the same prefix.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>
    /// Added to a record's lifetime (a session's remaining ttl) to cover clocks that disagree and the seal's clock skew.
    /// Default 5 minutes.
    /// </summary>
    public TimeSpan ExpiryMargin { get; set; } = TimeSpan.FromMinutes(5);
}
