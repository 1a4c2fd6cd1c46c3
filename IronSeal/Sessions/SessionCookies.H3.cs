using System.Globalization;
using System.Text;

namespace IronSeal;

/// <summary>h3's cookie layout: one cookie in 1.x; in 2.x <c>name=__chunked__N</c> and <c>name.1</c> … <c>name.N</c>.</summary>
internal static partial class SessionCookies
{
    /// <summary>What h3 2.x writes as the main cookie's value when the session is chunked, followed by the chunk count.</summary>
    public const string H3ChunkedMarker = "__chunked__";

    /// <summary>h3 2.x's chunk size: at most this many characters per chunk once URI-encoded (seals need no encoding).</summary>
    public const int H3ChunkLength = 4000;

    /// <summary>h3 2.x reads at most this many chunks; a larger count in the main cookie is no session.</summary>
    public const int H3MaxChunkCount = 100;

    /// <summary>
    /// The seal of an h3 session: the cookie <paramref name="name"/>, or with <paramref name="chunked"/> (h3 2.x), when
    /// that cookie is <c>__chunked__N</c>, the chunks <c>name.1</c> … <c>name.N</c> joined; empty when a chunk is missing.
    /// </summary>
    public static ReadOnlySpan<char> ReadH3(ICookieStore store, string name, bool chunked)
    {
        ReadOnlySpan<char> main = Read(store, name);
        if (!chunked || !main.StartsWith(H3ChunkedMarker, StringComparison.Ordinal))
        {
            return main;
        }

        int count = H3ChunkCount(main);
        StringBuilder seal = new();
        for (int index = 1; index <= count; index++)
        {
            ReadOnlySpan<char> part = Read(store, ChunkName(name, index));
            if (part.IsEmpty)
            {
                return default;
            }

            seal.Append(part);
        }

        return seal.ToString();
    }

    /// <summary>
    /// Writes an h3 session's seal. h3 1.x writes one cookie (and never checks its size: here a cookie browsers would
    /// refuse throws instead); h3 2.x (<paramref name="chunked"/>) splits a seal over 4000 characters into
    /// <c>name=__chunked__N</c> and <c>name.1</c> … <c>name.N</c>, and expires the request's chunks the new seal does not use.
    /// </summary>
    /// <exception cref="SessionCookieTooLargeException">Too big for one cookie (1.x), or for the seal size IronSeal reads back (2.x).</exception>
    public static void WriteH3(ICookieStore store, string name, ReadOnlySpan<char> seal, CookieAttributes cookie, CookieAttributes expire, bool chunked)
    {
        if (!chunked)
        {
            int bytes = Encoding.UTF8.GetByteCount(CookieSerializer.Serialize(name, string.Empty, cookie)) + CookieSerializer.EncodedByteCount(seal);
            if (bytes > MaxCookieBytes)
            {
                SessionMetrics.TooLarge(name);
                throw new SessionCookieTooLargeException(
                    name,
                    bytes,
                    $"The h3 session cookie \"{name}\" would be {bytes} bytes and browsers refuse cookies over {MaxCookieBytes} bytes (h3 1.x writes it anyway, and the browser drops it). " +
                    "Remove some data from the session, or share the session with h3 2.x (H3SessionOptions.Version = H3Version.V2), which splits it into chunks.");
            }

            store.Set(name, seal, cookie);
            return;
        }

        int count = (seal.Length + H3ChunkLength - 1) / H3ChunkLength;
        if (seal.Length > SealFormat.MaxSealLength)
        {
            SessionMetrics.TooLarge(name);
            throw new SessionCookieTooLargeException(
                name,
                seal.Length,
                $"The h3 session \"{name}\" would be {seal.Length} characters in {count} chunks, over the {SealFormat.MaxSealLength} characters IronSeal reads back. " +
                "Store an id in the session and keep the data on the server.");
        }

        int previous = H3ChunkCount(Read(store, name));
        for (int index = count <= 1 ? 1 : count + 1; index <= previous; index++)
        {
            store.Set(ChunkName(name, index), string.Empty, expire);
        }

        if (count <= 1)
        {
            store.Set(name, seal, cookie);
            return;
        }

        store.Set(name, H3ChunkedMarker + count.ToString(CultureInfo.InvariantCulture), cookie);
        for (int index = 1; index <= count; index++)
        {
            int start = (index - 1) * H3ChunkLength;
            store.Set(ChunkName(name, index), seal.Slice(start, Math.Min(H3ChunkLength, seal.Length - start)), cookie);
        }
    }

    /// <summary>Clears an h3 session's cookie with <paramref name="attributes"/>, and with <paramref name="chunked"/> every chunk the request's main cookie names.</summary>
    public static void ClearH3(ICookieStore store, string name, CookieAttributes attributes, bool chunked)
    {
        ReadOnlySpan<char> main = chunked ? Read(store, name) : default;
        store.Set(name, string.Empty, attributes);
        for (int index = 1, count = H3ChunkCount(main); index <= count; index++)
        {
            store.Set(ChunkName(name, index), string.Empty, attributes);
        }
    }

    /// <summary>
    /// The N of <c>__chunked__N</c> read as JavaScript's <c>parseInt</c> reads it (leading digits; h3 2.x), 0 for anything
    /// else or a count over <see cref="H3MaxChunkCount"/>.
    /// </summary>
    private static int H3ChunkCount(ReadOnlySpan<char> main)
    {
        if (!main.StartsWith(H3ChunkedMarker, StringComparison.Ordinal))
        {
            return 0;
        }

        ReadOnlySpan<char> rest = main[H3ChunkedMarker.Length..].TrimStart(" \t\n\r\v\f");
        int digits = 0;
        while (digits < rest.Length && digits < 4 && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }

        return digits > 0 && int.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count <= H3MaxChunkCount ? count : 0;
    }
}
