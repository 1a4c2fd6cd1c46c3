using System.Globalization;
using System.Text;

namespace IronSeal;

/// <summary>
/// Reads and writes a session's seal through an <see cref="ICookieStore"/>: one cookie, or iron-session 9's chunks
/// <c>name.0</c> … <c>name.3</c>. The HMAC covers the whole seal, so nothing here has to trust a chunk.
/// </summary>
internal static class SessionCookies
{
    /// <summary>Browsers refuse a Set-Cookie header longer than this (bytes of UTF-8, attributes included).</summary>
    public const int MaxCookieBytes = 4096;

    /// <summary>At most this many chunks: four already put ~16 KB in every request's Cookie header.</summary>
    public const int MaxChunks = 4;

    public static string ChunkName(string cookieName, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{cookieName}.{index}");

    /// <summary>The whole cookie when present and not empty; otherwise the chunks concatenated up to the first gap.</summary>
    public static string? ReadSeal(ICookieStore store, SessionConfig config)
    {
        string? whole = store.Get(config.Options.CookieName);
        if (!string.IsNullOrEmpty(whole))
        {
            return whole;
        }

        // Chunks are at most 4096 bytes each in honest cookies; anything longer is refused by the seal's size
        // limit, so the join below never exceeds 4 × that limit.

        StringBuilder? seal = null;
        for (int index = 0; index < MaxChunks; index++)
        {
            string? part = store.Get(config.ChunkNames[index]);
            if (string.IsNullOrEmpty(part))
            {
                break;
            }

            (seal ??= new StringBuilder()).Append(part);
        }

        return seal?.ToString();
    }

    /// <summary>Writes a seal as one cookie when it fits, as chunks when it does not and chunking is on; expires what the request still carries.</summary>
    /// <exception cref="SessionCookieTooLargeException">Too big for one cookie without chunking, or for four chunks.</exception>
    public static void WriteSeal(ICookieStore store, SessionConfig config, string seal) => WriteSeal(store, config, seal, config.Cookie);

    /// <summary>As above, with the attributes of this save (a shorter Max-Age near the end of an absolute lifetime).</summary>
    public static void WriteSeal(ICookieStore store, SessionConfig config, string seal, CookieAttributes cookie)
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
            store.Set(config.ChunkNames[index], seal.Substring(start, Math.Min(budget, seal.Length - start)), cookie);
        }

        ExpireStale(store, config, keepWhole: false, keepChunks: count);
    }

    /// <summary>Deletes the session cookie and every chunk the request carries.</summary>
    public static void Delete(ICookieStore store, SessionConfig config)
    {
        store.Set(config.Options.CookieName, string.Empty, config.Expire);
        ExpireStale(store, config, keepWhole: true, keepChunks: 0);
    }

    /// <summary>
    /// Expires cookies the request carries that the new seal does not use: a session that shrank from three chunks to
    /// one must not leave chunks 1 and 2 behind, or the next read would glue them on and fail.
    /// </summary>
    private static void ExpireStale(ICookieStore store, SessionConfig config, bool keepWhole, int keepChunks)
    {
        string name = config.Options.CookieName;
        if (!keepWhole && !string.IsNullOrEmpty(store.Get(name)))
        {
            store.Set(name, string.Empty, config.Expire);
        }

        for (int index = keepChunks; index < MaxChunks; index++)
        {
            string chunk = config.ChunkNames[index];
            if (!string.IsNullOrEmpty(store.Get(chunk)))
            {
                store.Set(chunk, string.Empty, config.Expire);
            }
        }
    }
}
