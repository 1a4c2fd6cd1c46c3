using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace IronSeal;

/// <summary>
/// Escapes JSON strings the way JavaScript's <c>JSON.stringify</c> does: only <c>"</c>, <c>\</c> and C0 controls
/// (short forms <c>\b \t \n \f \r</c>, others as lowercase <c>\u00xx</c>). Non-ASCII, HTML characters, DEL, U+2028/9
/// and U+FEFF are written raw. The result is the smallest cookie and, for the same value, the same bytes Node writes.
/// </summary>
/// <remarks>
/// One difference remains, on purpose: an unpaired UTF-16 surrogate is written as U+FFFD, where JSON.stringify writes
/// <c>\udxxx</c> (which System.Text.Json cannot read back). The search below stops at every surrogate so that the
/// writer's encoding path sees it and substitutes U+FFFD; without that stop, the writer's transcoder silently cut the
/// string at the first lone surrogate (issue 12).
/// </remarks>
internal sealed class StringifyEncoder : JavaScriptEncoder
{
    public static readonly StringifyEncoder Instance = new();

    private StringifyEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6; // \u00xx

    public override bool WillEncode(int unicodeScalar) => unicodeScalar < 0x20 || unicodeScalar is '"' or '\\';

    // Only ASCII needs escaping here, and UTF-8 multi-byte sequences never contain ASCII bytes, so both scans are a
    // plain vectorized search (the base class's UTF-8 scan decodes scalar by scalar and allocates).
    private static readonly SearchValues<char> s_escapedChars = SearchValues.Create(EscapedAscii());
    private static readonly SearchValues<byte> s_escapedBytes = SearchValues.Create(Encoding.ASCII.GetBytes(EscapedAscii()));

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        int escaped = span.IndexOfAny(s_escapedChars);
        // A surrogate (paired or not) goes through the encoding path too: a pair is written as it is, a lone one as U+FFFD.
        int surrogate = (escaped < 0 ? span : span[..escaped]).IndexOfAnyInRange('\uD800', '\uDFFF');
        return surrogate >= 0 ? surrogate : escaped;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) => utf8Text.IndexOfAny(s_escapedBytes);

    private static string EscapedAscii()
    {
        char[] escaped = new char[0x20 + 2];
        for (int c = 0; c < 0x20; c++)
        {
            escaped[c] = (char)c;
        }

        escaped[0x20] = '"';
        escaped[0x21] = '\\';
        return new string(escaped);
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        Span<char> destination = new(buffer, bufferLength);
        ReadOnlySpan<char> shortForm = unicodeScalar switch
        {
            '\b' => @"\b",
            '\t' => @"\t",
            '\n' => @"\n",
            '\f' => @"\f",
            '\r' => @"\r",
            '"' => "\\\"",
            '\\' => @"\\",
            _ => default,
        };

        if (!shortForm.IsEmpty)
        {
            numberOfCharactersWritten = shortForm.Length;
            return shortForm.TryCopyTo(destination);
        }

        if (WillEncode(unicodeScalar))
        {
            numberOfCharactersWritten = 6;
            return $"\\u{unicodeScalar:x4}".AsSpan().TryCopyTo(destination);
        }

        // Not ours to escape: write the scalar itself.
        numberOfCharactersWritten = 0;
        return new Rune(unicodeScalar).TryEncodeToUtf16(destination, out numberOfCharactersWritten);
    }
}
