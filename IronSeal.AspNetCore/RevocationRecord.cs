using System.Globalization;
using System.Text;

namespace IronSeal;

/// <summary>
/// The value of a revocation record in a shared store: the revocation time in milliseconds since the epoch, as ASCII
/// decimal text (what a Node app compares with <c>Number(value)</c>). Public so that a store of another package writes
/// and reads the same format.
/// </summary>
public static class RevocationRecord
{
    /// <summary>The record's value for <paramref name="revokedAt"/>.</summary>
    /// <param name="revokedAt">When it was revoked.</param>
    /// <returns>The milliseconds since the epoch, as decimal text.</returns>
    public static string Format(DateTimeOffset revokedAt) => revokedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The time a record's value holds; <see langword="null"/> for no value or one that is not a time (a record written by something else is ignored, not trusted).</summary>
    /// <param name="value">The value as stored; <see langword="null"/> when the key is absent.</param>
    /// <returns>The revocation time.</returns>
    public static DateTimeOffset? Parse(ReadOnlySpan<byte> value) =>
        value.Length is > 0 and <= 16 && long.TryParse(Encoding.ASCII.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture, out long ms) && ms <= 253_402_300_799_999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
