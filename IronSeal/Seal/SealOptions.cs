using System.Text.Json;

namespace IronSeal;

/// <summary>How <see cref="Iron"/> seals and unseals: the passwords, the lifetime, the clock and the JSON settings.</summary>
/// <remarks>
/// Build it once (at start-up, or as a static field) and share it: one instance can be used by any number of threads,
/// as it is immutable once built and <see cref="Iron"/> keeps no state in it. Building one per call is cheap as well:
/// the expensive per-password state (a keyed HMAC per thread, the cache of derived keys) is shared by every
/// <see cref="PasswordSet"/> holding the same password, and the set made from a password string is reused, so fresh options
/// cost one small object and no measurable time.
/// </remarks>
public sealed record SealOptions
{
    /// <summary>iron-session's default lifetime: 14 days (1 209 600 seconds).</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromDays(14);

    /// <summary>iron's default clock skew (<c>timestampSkewSec</c>): 60 seconds.</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>The passwords. The numerically highest id seals; any listed id unseals. Required.</summary>
    /// <remarks>A <see cref="string"/> converts to a set with that password under id <c>"1"</c>.</remarks>
    public required PasswordSet Password { get; init; }

    /// <summary>How long a new seal stays valid, in whole milliseconds. Default 14 days.</summary>
    /// <value>
    /// <see cref="TimeSpan.Zero"/> makes seals that never expire (the expiration field stays empty). A seal is still
    /// accepted for <see cref="ClockSkew"/> (60 seconds unless set) after its expiration. Unsealing ignores this value:
    /// only the expiration written inside the seal counts.
    /// </value>
    public TimeSpan Ttl { get; init; } = DefaultTtl;

    /// <summary>The clock used to write and check expirations. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// JSON settings for the reflection-based overloads. <see langword="null"/> (the default) means
    /// <see cref="JsonSerializerDefaults.Web"/>: camelCase names, case-insensitive reading, as JavaScript apps write them.
    /// </summary>
    /// <remarks>
    /// Whatever the settings, the JSON is written compactly, and, unless <see cref="JsonSerializerOptions.Encoder"/> is
    /// set, escaped the way JavaScript's <c>JSON.stringify</c> escapes (non-ASCII and <c>&lt;&gt;&amp;'</c> left as they
    /// are), which keeps cookies small.
    /// </remarks>
    public JsonSerializerOptions? JsonSerializerOptions { get; init; }

    /// <summary>
    /// How long after its expiration a seal is still accepted, for clocks that disagree between servers. Default 60 s,
    /// as iron (<c>timestampSkewSec</c> in @hapi/iron). <see cref="TimeSpan.Zero"/> makes a 15-minute magic link die at
    /// exactly 15 minutes. Used when unsealing only.
    /// </summary>
    public TimeSpan ClockSkew { get; init; } = DefaultClockSkew;

    /// <summary>
    /// What the seal is for, e.g. <c>"magic-link"</c> or <c>"password-reset"</c>. Default <see langword="null"/>: plain
    /// seals, as iron-session makes them. A seal made for one purpose opens for that purpose only: not for another, not
    /// without one; and a seal made without a purpose does not open for one. So a session cookie can never be replayed
    /// as a magic-link token, or the other way round, even with one password for both.
    /// </summary>
    /// <remarks>
    /// The purpose is bound through the password: each password <c>p</c> of the set is replaced by
    /// <c>base64url(HMAC-SHA256(key: UTF-8 of p, message: UTF-8 of "ironseal-purpose:" + purpose))</c> (43 characters),
    /// under the same id. A Node app makes and opens the same seals with plain iron-session by passing that derived
    /// password to <c>sealData</c>/<c>unsealData</c>: see <c>docs/seal-format.md</c>. A seal for the wrong purpose fails
    /// as <see cref="SealError.BadMac"/>.
    /// </remarks>
    public string? Purpose { get; init; }

    /// <summary>
    /// Append iron-session's <c>~2</c> to new seals. Default <see langword="true"/> (iron-session 6–9 write it). Set
    /// <see langword="false"/> for plain <c>Fe26.2</c> as @hapi/iron, iron-webcrypto and h3 write it: those read the suffix
    /// as part of the MAC and refuse it. Unsealing accepts both.
    /// </summary>
    public bool IronSessionMarker { get; init; } = true;

    /// <summary>
    /// Read seals without iron-session's <c>~2</c> in the pre-v6 layout of next-iron-session, whose data sits in a
    /// <c>persistent</c> member (as iron-session 8 still reads them). Default <see langword="false"/>: every seal opens to
    /// its whole JSON, with or without the marker, as iron-session 9 does.
    /// </summary>
    /// <remarks>
    /// Opt in only while migrating cookies from next-iron-session, and turn it off once they have expired. The marker is
    /// outside the MAC: with this on, whoever holds a cookie can strip the marker and have its <c>persistent</c> member
    /// read instead of the data. An app never writes that member itself, so this matters only if the data has a
    /// <c>persistent</c> member that a user can fill.
    /// </remarks>
    public bool LegacyPersistentLayout { get; init; }

    internal long GetTtlMilliseconds()
    {
        if (Ttl < TimeSpan.Zero || (Ttl > TimeSpan.Zero && Ttl < TimeSpan.FromMilliseconds(1)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Ttl), Ttl, "Ttl must be TimeSpan.Zero (never expires) or at least one millisecond.");
        }

        return Ttl.Ticks / TimeSpan.TicksPerMillisecond;
    }

    internal void Validate()
    {
        if (Password is null)
        {
            throw new ArgumentException("SealOptions.Password is required: give a password of at least 32 characters.", "options");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentException("SealOptions.TimeProvider must not be null; leave it unset for TimeProvider.System.", "options");
        }

        if (ClockSkew < TimeSpan.Zero)
        {
            throw new ArgumentException($"SealOptions.ClockSkew is {ClockSkew}; it must be zero or positive (default 60 seconds).", "options");
        }

        if (Purpose is { Length: 0 })
        {
            throw new ArgumentException("SealOptions.Purpose is empty: leave it null for plain seals, or name the purpose, e.g. \"magic-link\".", "options");
        }
    }

    /// <summary>The passwords the seal is made and opened with: <see cref="Password"/>, or the ones derived for <see cref="Purpose"/>.</summary>
    internal PasswordSet EffectivePassword => Purpose is null ? Password : Password.ForPurpose(Purpose);

    internal long ClockSkewMilliseconds => ClockSkew.Ticks / TimeSpan.TicksPerMillisecond;
}
