using System.Text.Json;

namespace IronSeal;

/// <summary>How <see cref="Iron"/> seals and unseals: the passwords, the lifetime, the clock and the JSON settings.</summary>
/// <remarks>
/// Build it once (at start-up, or as a static field) and share it: one instance can be used by any number of threads,
/// as it is immutable once built and <see cref="Iron"/> keeps no state in it. Building one per call is cheap as well:
/// the expensive per-password state (a keyed HMAC per thread, the cache of derived keys) is shared by every
/// <see cref="PasswordSet"/> holding the same password, so fresh options cost about 500 bytes and no extra time.
/// </remarks>
public sealed record SealOptions
{
    /// <summary>iron-session's default lifetime: 14 days (1 209 600 seconds).</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromDays(14);

    /// <summary>The passwords. The numerically highest id seals; any listed id unseals. Required.</summary>
    /// <remarks>A <see cref="string"/> converts to a set with that password under id <c>"1"</c>.</remarks>
    public required PasswordSet Password { get; init; }

    /// <summary>How long a new seal stays valid, in whole milliseconds. Default 14 days.</summary>
    /// <value>
    /// <see cref="TimeSpan.Zero"/> makes seals that never expire (the expiration field stays empty). A seal is still
    /// accepted for 60 seconds after its expiration, the clock skew iron allows. Unsealing ignores this value: only the
    /// expiration written inside the seal counts.
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
    }
}
