using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace IronSeal;

/// <summary>
/// JavaScript's <c>encodeURIComponent</c> / <c>decodeURIComponent</c>, exactly: <c>Uri.EscapeDataString</c>
/// and <c>Uri.UnescapeDataString</c> differ (they escape <c>!'()*</c>, replace lone surrogates, decode partially).
/// </summary>
internal static class PercentEncoding
{
    // encodeURIComponent leaves these alone.
    private static readonly SearchValues<char> s_unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()");

    /// <summary>encodeURIComponent: UTF-8, upper-case hex. A lone surrogate cannot be encoded (URIError in JavaScript).</summary>
    /// <returns>False for a lone surrogate.</returns>
    public static bool TryEncodeComponent(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? encoded)
    {
        var builder = new StringBuilder(text.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (s_unreserved.Contains(c))
            {
                builder.Append(c);
                continue;
            }

            if (Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed) != OperationStatus.Done)
            {
                encoded = null;
                return false;
            }

            i += consumed - 1;
            int length = rune.EncodeToUtf8(utf8);
            foreach (byte b in utf8[..length])
            {
                // Stryker disable once all : b is a byte: >> and >>> agree
                builder.Append('%').Append(HexUpper(b >> 4)).Append(HexUpper(b & 0xF));
            }
        }

        encoded = builder.ToString();
        return true;
    }

    /// <summary>
    /// decodeURIComponent, all or nothing: each <c>%XX</c> run must be well-formed UTF-8 (no overlongs, no surrogates,
    /// nothing above U+10FFFF), or the whole input is returned unchanged. Not a '+'-to-space decoder.
    /// </summary>
    public static string DecodeComponentOrKeep(string text)
    {
        int first = text.IndexOf('%', StringComparison.Ordinal);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = first; i < text.Length;)
        {
            if (text[i] != '%')
            {
                builder.Append(text[i++]);
                continue;
            }

            if (!TryReadEscapedByte(text, i, out byte lead))
            {
                return text;
            }

            i += 3;
            if (lead < 0x80)
            {
                builder.Append((char)lead);
                continue;
            }

            // The lead byte gives the length of a valid sequence; Rune refuses everything else (stray continuation
            // bytes, overlong forms, surrogates, past U+10FFFF), as decodeURIComponent does.
            int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            utf8[0] = lead;
            for (int k = 1; k < length; k++, i += 3)
            {
                if (!TryReadEscapedByte(text, i, out utf8[k]))
                {
                    return text;
                }
            }

            if (Rune.DecodeFromUtf8(utf8[..length], out Rune rune, out _) != OperationStatus.Done)
            {
                return text;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    private static bool TryReadEscapedByte(string text, int index, out byte value)
    {
        value = 0;
        if (index + 2 >= text.Length || text[index] != '%')
        {
            return false;
        }

        int high = HexValue(text[index + 1]);
        int low = HexValue(text[index + 2]);
        if (high < 0 || low < 0)
        {
            return false;
        }

        value = (byte)((high << 4) | low);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
