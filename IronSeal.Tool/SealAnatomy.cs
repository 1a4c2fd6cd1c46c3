using System.Globalization;

namespace IronSeal.Tool;

/// <summary>
/// What a seal says about itself without a password: its eight <c>*</c>-separated fields are plain text, and only the
/// fourth (the ciphertext) is secret. Read here from the format's specification (docs/seal-format.md), because
/// IronSeal's public API opens seals but does not take them apart; nothing here decides whether a seal is genuine.
/// </summary>
/// <param name="Prefix">Field 0, <c>Fe26.2</c>.</param>
/// <param name="PasswordId">Field 1; empty when the seal names no password id (then only a password under <c>default</c> opens it).</param>
/// <param name="ExpirationField">Field 5 as written: milliseconds since the Unix epoch, or empty for "never".</param>
/// <param name="ExpiresAtMilliseconds">The expiration in ms since the epoch; <see langword="null"/> when the field is empty or not digits.</param>
/// <param name="SealLength">Characters in the whole seal, marker included: what the cookie value costs.</param>
/// <param name="CiphertextBytes">Bytes of AES-256-CBC ciphertext: the JSON's UTF-8 size rounded up to the next 16.</param>
/// <param name="Marker">The text after the first <c>~</c> (<c>2</c> from iron-session 6–9), or <see langword="null"/> when there is no <c>~</c>.</param>
/// <param name="FieldCount">The number of <c>*</c>-separated fields (always 8 for a parsed seal).</param>
internal sealed record SealAnatomy(
    string Prefix,
    string PasswordId,
    string ExpirationField,
    long? ExpiresAtMilliseconds,
    int SealLength,
    int CiphertextBytes,
    string? Marker,
    int FieldCount)
{
    /// <summary>The prefix every seal of this format starts with (the MAC format version 2 of iron).</summary>
    public const string ExpectedPrefix = "Fe26.2";

    private const int ExpectedFieldCount = 8;
    private static readonly long s_clockSkewMilliseconds = (long)SealOptions.DefaultClockSkew.TotalMilliseconds; // iron's timestampSkewSec
    private const int AesBlockBytes = 16;
    private static readonly long s_maxDateMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Takes a seal apart.</summary>
    /// <param name="seal">The seal text (see <see cref="SealInput"/>).</param>
    /// <returns>Its fields.</returns>
    /// <exception cref="UsageException">Not 8 <c>*</c>-separated fields, or the first is not <c>Fe26.2</c>.</exception>
    public static SealAnatomy Parse(string seal)
    {
        // iron-session appends "~2" outside the MAC; the iron seal is everything before the first '~'.
        int tilde = seal.IndexOf('~', StringComparison.Ordinal);
        string iron = tilde < 0 ? seal : seal[..tilde];
        string[] fields = iron.Split('*');
        if (fields.Length != ExpectedFieldCount)
        {
            throw new UsageException(
                $"Not an Fe26.2 seal: it has {fields.Length} '*'-separated field{(fields.Length == 1 ? "" : "s")}, a seal has {ExpectedFieldCount}. " +
                "Was it cut short, or copied from the wrong place?");
        }

        if (fields[0] != ExpectedPrefix)
        {
            throw new UsageException($"Not an Fe26.2 seal: it starts with \"{Shorten(fields[0])}\" instead of \"{ExpectedPrefix}\".");
        }

        return new SealAnatomy(
            fields[0],
            fields[1],
            fields[5],
            ParseExpiration(fields[5]),
            seal.Length,
            Base64UrlDecodedLength(fields[4]),
            tilde < 0 ? null : seal[(tilde + 1)..],
            fields.Length);
    }

    /// <summary>The expiration as a date, when it is a number a date can hold.</summary>
    public DateTimeOffset? ExpiresAt => ExpiresAtMilliseconds is { } ms && ms <= s_maxDateMilliseconds
        ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : null;

    /// <summary>Whether the ciphertext is whole AES blocks; anything else cannot decrypt (a truncated or edited seal).</summary>
    public bool CiphertextIsWholeBlocks => CiphertextBytes > 0 && CiphertextBytes % AesBlockBytes == 0;

    /// <summary>The fewest bytes of JSON the ciphertext can hold (PKCS#7 pads 1 to 16 bytes).</summary>
    public int MinimumJsonBytes => Math.Max(0, CiphertextBytes - AesBlockBytes);

    /// <summary>The most bytes of JSON the ciphertext can hold.</summary>
    public int MaximumJsonBytes => Math.Max(0, CiphertextBytes - 1);

    /// <summary>Where the expiration stands at <paramref name="now"/>, with the rule unseal applies (refused from expiration + 60 s).</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The state.</returns>
    public Expiry GetExpiry(DateTimeOffset now)
    {
        if (ExpirationField.Length == 0)
        {
            return Expiry.Never;
        }

        if (ExpiresAtMilliseconds is not { } expiresAt)
        {
            return Expiry.Invalid;
        }

        long nowMs = now.ToUnixTimeMilliseconds();
        return expiresAt <= nowMs - s_clockSkewMilliseconds ? Expiry.Expired
            : expiresAt <= nowMs ? Expiry.WithinClockSkew
            : Expiry.Valid;
    }

    /// <summary>Digits only, as iron requires; a number too large for a long is "far in the future", as IronSeal reads it.</summary>
    private static long? ParseExpiration(string field)
    {
        if (field.Length == 0 || field.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        return long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : long.MaxValue;
    }

    /// <summary>Bytes that unpadded base64url text decodes to (4 characters carry 3 bytes).</summary>
    private static int Base64UrlDecodedLength(string field)
    {
        int characters = field.TrimEnd('=').Length;
        return (int)((long)characters * 3 / 4);
    }

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..21] + "...";
}
