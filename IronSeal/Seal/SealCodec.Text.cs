using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IronSeal;

/// <summary>The codec's readings of seal text: its identity, strict base64url, the token version and the expiration.</summary>
internal static partial class SealCodec
{
    /// <summary>
    /// The seal's identity: the same for every spelling of the same token (whatever follows its <c>~</c>), different
    /// for every seal. The first 16 bytes of SHA-256 over the MAC field, as 22 base64url characters. Call it only on a
    /// seal that opened (its MAC field is then the canonical 43 characters).
    /// </summary>
    public static string IdOf(ReadOnlySpan<char> seal)
    {
        int tilde = seal.IndexOf(SealFormat.VersionSeparator);
        ReadOnlySpan<char> iron = tilde < 0 ? seal : seal[..tilde];
        ReadOnlySpan<char> mac = iron[(iron.LastIndexOf(SealFormat.FieldSeparator) + 1)..];
        Span<byte> ascii = stackalloc byte[SealFormat.MacBase64Chars];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        int length = Encoding.ASCII.GetBytes(mac[..Math.Min(mac.Length, SealFormat.MacBase64Chars)], ascii);
        SHA256.HashData(ascii[..length], hash);
        return Base64Url.EncodeToString(hash[..16]);
    }

    /// <summary>Strict base64url: the URL-safe alphabet, optionally followed by up to two '=' (iron-webcrypto accepts them).</summary>
    private static bool TryDecodeBase64Url(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        ReadOnlySpan<char> body = text.TrimEnd('=');
        // The BCL decoder throws (rather than returning false) for 4k + 1 characters and for a destination too small.
        if (text.Length - body.Length > 2 || body.ContainsAnyExcept(s_base64UrlAlphabet) || body.Length % 4 == 1
            || Base64Url.GetMaxDecodedLength(body.Length) > destination.Length)
        {
            return false;
        }

        return Base64Url.TryDecodeFromChars(body, destination, out written);
    }

    private static readonly SearchValues<char> s_base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>JavaScript <c>parseInt(text, 10) === 2</c>, the test iron-session 8 applies to the token version.</summary>
    /// <remarks>
    /// parseInt reads optional whitespace, an optional sign and then digits up to the first other character (a
    /// further <c>~</c> included), so the number is 2 when, after leading zeros, a '2' comes and no digit follows it.
    /// </remarks>
    internal static bool IsVersion2(ReadOnlySpan<char> afterTilde)
    {
        ReadOnlySpan<char> text = TrimJavaScriptWhitespace(afterTilde);
        if (text.StartsWith('+'))
        {
            text = text[1..];
        }

        text = text.TrimStart('0');
        return text.StartsWith('2') && (text.Length == 1 || !char.IsAsciiDigit(text[1]));
    }

    private static ReadOnlySpan<char> TrimJavaScriptWhitespace(ReadOnlySpan<char> text)
    {
        int start = 0;
        while (start < text.Length && IsJavaScriptWhitespace(text[start]))
        {
            start++;
        }

        return text[start..];
    }

    // ECMAScript WhiteSpace and LineTerminator, which parseInt skips.
    private static bool IsJavaScriptWhitespace(char c) =>
        c is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F'
            or '\u205F' or '\u3000' or '\uFEFF' || (c >= '\u2000' && c <= '\u200A');

    /// <summary>Digits only; a value too large for Int64 is a far-future expiration, as it is for JavaScript.</summary>
    private static bool TryParseExpiration(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = long.MaxValue;
        }

        return true;
    }
}
