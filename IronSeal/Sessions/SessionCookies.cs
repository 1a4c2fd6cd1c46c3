using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace IronSeal;

/// <summary>
/// Reads and writes a session's seal through an <see cref="ICookieStore"/>: one cookie, or chunks in one of two layouts:
/// iron-session 9's <c>name.0</c> … <c>name.3</c> (<see cref="IronSession{T}"/>), or h3 2.x's <c>name=__chunked__N</c>
/// with <c>name.1</c> … <c>name.N</c> (<see cref="H3Session{T}"/>). The HMAC covers the whole seal, so nothing here has
/// to trust a chunk.
/// </summary>
internal static partial class SessionCookies
{
    /// <summary>Browsers refuse a Set-Cookie header longer than this (bytes of UTF-8, attributes included).</summary>
    public const int MaxCookieBytes = 4096;

    /// <summary>At most this many chunks: four already put ~16 KB in every request's Cookie header.</summary>
    public const int MaxChunks = 4;

    public static string ChunkName(string cookieName, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{cookieName}.{index}");

    /// <summary>
    /// The whole cookie when present and not empty; otherwise the chunks concatenated up to the first gap; empty when
    /// there is neither. Read as <see cref="Read"/> reads (in place when the store offers its header).
    /// </summary>
    public static ReadOnlySpan<char> ReadSeal(ICookieStore store, IronSessionFormat config)
    {
        ReadOnlySpan<char> whole = Read(store, config.Options.CookieName);
        if (!whole.IsEmpty)
        {
            return whole;
        }

        // Chunks are at most 4096 bytes each in honest cookies; anything longer is refused by the seal's size
        // limit, so the join below never exceeds 4 × that limit.

        StringBuilder? seal = null;
        for (int index = 0; index < MaxChunks; index++)
        {
            ReadOnlySpan<char> part = Read(store, config.ChunkNames[index]);
            if (part.IsEmpty)
            {
                break;
            }

            (seal ??= new StringBuilder()).Append(part);
        }

        return seal?.ToString();
    }

    /// <summary>
    /// True when <paramref name="header"/> holds a second cookie named <paramref name="name"/>; <paramref name="second"/>
    /// is its value, decoded as the first is. One substring search rules out almost every request.
    /// </summary>
    public static bool TryGetSecond(string header, string name, [NotNullWhen(true)] out string? second)
    {
        second = null;
        int first = header.IndexOf(name, StringComparison.Ordinal);
        if (first < 0 || header.IndexOf(name, first + name.Length, StringComparison.Ordinal) < 0
            || !CookieParser.TryGetRaw(header, name, occurrence: 1, out ReadOnlySpan<char> raw))
        {
            return false;
        }

        second = CookieParser.DecodeRaw(raw).ToString();
        return true;
    }

    /// <summary>
    /// The request cookie <paramref name="name"/> (empty when absent), read in place from the store's
    /// <see cref="ICookieStore.RequestCookieHeader"/> (a copy only when percent-escapes are decoded).
    /// </summary>
    private static ReadOnlySpan<char> Read(ICookieStore store, string name) =>
        CookieParser.TryGetRaw(HeaderOf(store), name, out ReadOnlySpan<char> raw) ? CookieParser.DecodeRaw(raw) : default;

    /// <summary>The store's request header; a store that breaks the contract with <see langword="null"/> reads as carrying no cookie.</summary>
    internal static string HeaderOf(ICookieStore store) => store.RequestCookieHeader ?? string.Empty;

    /// <summary>
    /// Widens a seal's ASCII bytes to characters, on the stack for ordinary sessions, and hands them to
    /// <paramref name="write"/>: a save makes one string, the <c>Set-Cookie</c> header, not a string of the seal as well.
    /// </summary>
    [SkipLocalsInit] // the buffer is written before it is read: no need to zero 2 KB of stack per save
    public static bool WithChars<TState>(ReadOnlySpan<byte> ascii, TState state, CharsAction<TState> write)
    {
        var seal = new ValueStringBuilder(stackalloc char[1024]);
        try
        {
            seal.AppendAscii(ascii);
            write(seal.Written, state);
            return true;
        }
        finally
        {
            seal.Dispose();
        }
    }

    public delegate void CharsAction<TState>(ReadOnlySpan<char> chars, TState state);

    /// <summary>
    /// Writes a seal as one cookie when it fits, as chunks when it does not and chunking is on, with the attributes of
    /// this save (<see cref="IronSessionFormat.Cookie"/>, or a shorter Max-Age near the end of an absolute lifetime); expires
    /// what the request still carries.
    /// </summary>
    /// <exception cref="SessionCookieTooLargeException">Too big for one cookie without chunking, or for four chunks.</exception>
    public static void WriteSeal(ICookieStore store, IronSessionFormat config, ReadOnlySpan<char> seal, CookieAttributes cookie)
    {
        string name = config.Options.CookieName;
        int wholeBytes = config.HeaderBytes(name, seal);
        if (wholeBytes <= MaxCookieBytes)
        {
            store.Set(name, seal, cookie);
            ExpireStale(store, config, keepWhole: true, keepChunks: 0);
            return;
        }

        if (!config.Options.Chunking)
        {
            SessionMetrics.TooLarge(name);
            throw new SessionCookieTooLargeException(
                name,
                wholeBytes,
                $"The session cookie \"{name}\" would be {wholeBytes} bytes and browsers refuse cookies over {MaxCookieBytes} bytes. " +
                "Remove some data from the session (store an id and keep the data on the server), or turn on chunking (IronSessionOptions.Chunking = true; in ASP.NET Core the setting IronSession:Chunking) to split it across up to 4 cookies.");
        }

        int budget = MaxCookieBytes - config.HeaderBytes(config.ChunkNames[0], string.Empty);
        int count = (seal.Length + budget - 1) / budget;
        if (count > MaxChunks)
        {
            SessionMetrics.TooLarge(name);
            throw new SessionCookieTooLargeException(
                name,
                seal.Length,
                $"The session cookie \"{name}\" needs {count} chunks of {budget} characters and at most {MaxChunks} are written: every request would carry over 16 KB of cookies. " +
                "Store an id in the session and keep the data on the server.");
        }

        for (int index = 0; index < count; index++)
        {
            int start = index * budget;
            store.Set(config.ChunkNames[index], seal.Slice(start, Math.Min(budget, seal.Length - start)), cookie);
        }

        ExpireStale(store, config, keepWhole: false, keepChunks: count);
    }

    /// <summary>Deletes the session cookie and every chunk the request carries.</summary>
    public static void Delete(ICookieStore store, IronSessionFormat config)
    {
        store.Set(config.Options.CookieName, string.Empty, config.Expire);
        ExpireStale(store, config, keepWhole: true, keepChunks: 0);
    }

    /// <summary>
    /// Expires cookies the request carries that the new seal does not use: a session that shrank from three chunks to
    /// one must not leave chunks 1 and 2 behind, or the next read would glue them on and fail.
    /// </summary>
    private static void ExpireStale(ICookieStore store, IronSessionFormat config, bool keepWhole, int keepChunks)
    {
        string name = config.Options.CookieName;
        if (!keepWhole && !Read(store, name).IsEmpty)
        {
            store.Set(name, string.Empty, config.Expire);
        }

        for (int index = keepChunks; index < MaxChunks; index++)
        {
            string chunk = config.ChunkNames[index];
            if (!Read(store, chunk).IsEmpty)
            {
                store.Set(chunk, string.Empty, config.Expire);
            }
        }
    }
}
