namespace IronSeal;

/// <summary>
/// Parses a request's <c>Cookie</c> header with the semantics of the npm <c>cookie</c> package (2.x), which is what
/// iron-session reads cookies with. Never throws for any header text.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Only <c>;</c> separates pairs (a comma does not); a segment without <c>=</c> is skipped.</item>
/// <item>The first <c>=</c> splits name and value; later ones belong to the value.</item>
/// <item>Spaces and tabs around names and values are trimmed, nothing else.</item>
/// <item>The first occurrence of a name wins. Names are case-sensitive and never decoded; quotes stay in values.</item>
/// <item>
/// A value containing <c>%</c> is decoded like JavaScript's <c>decodeURIComponent</c>, all or nothing: a malformed
/// escape or invalid UTF-8 leaves the whole value as it came. A decoded value may contain any character, CR and LF
/// included: never copy it into a header without validation.
/// </item>
/// </list>
/// </remarks>
public static class CookieParser
{
    /// <summary>Parses every cookie of a header.</summary>
    /// <param name="header">The <c>Cookie</c> header value; <see langword="null"/> or empty gives an empty map.</param>
    /// <returns>Name → decoded value, ordinal and case-sensitive.</returns>
    public static IReadOnlyDictionary<string, string> Parse(string? header) => Parse(header, Decode);

    /// <summary>Parses every cookie of a header with a custom value decoder.</summary>
    /// <param name="header">The <c>Cookie</c> header value.</param>
    /// <param name="decode">
    /// Turns a raw value into the stored one. Returning <see langword="null"/> leaves the name unset, so a later
    /// duplicate may fill it. Exceptions it throws propagate.
    /// </param>
    /// <returns>Name → decoded value.</returns>
    public static IReadOnlyDictionary<string, string> Parse(string? header, Func<string, string?> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new CookiePairReader(header);
        while (reader.MoveNext())
        {
            string name = reader.Name.ToString();
            if (!cookies.ContainsKey(name) && decode(reader.Value.ToString()) is { } value)
            {
                cookies[name] = value;
            }
        }

        return cookies;
    }

    /// <summary>Finds one cookie without building the whole map: the value <see cref="Parse(string)"/> would give for <paramref name="name"/>.</summary>
    /// <param name="header">The <c>Cookie</c> header value.</param>
    /// <param name="name">The cookie name, case-sensitive.</param>
    /// <returns>The decoded value of the first cookie with that name, or <see langword="null"/>.</returns>
    public static string? Get(ReadOnlySpan<char> header, ReadOnlySpan<char> name) =>
        TryGetRaw(header, name, out ReadOnlySpan<char> raw) ? DecodeRaw(raw).ToString() : null;

    /// <summary>The undecoded value of the first cookie named <paramref name="name"/>, as a slice of <paramref name="header"/>.</summary>
    internal static bool TryGetRaw(ReadOnlySpan<char> header, ReadOnlySpan<char> name, out ReadOnlySpan<char> raw) =>
        TryGetRaw(header, name, occurrence: 0, out raw);

    /// <summary>As above, for the pair of that name after <paramref name="occurrence"/> others (0: the first).</summary>
    internal static bool TryGetRaw(ReadOnlySpan<char> header, ReadOnlySpan<char> name, int occurrence, out ReadOnlySpan<char> raw)
    {
        var reader = new CookiePairReader(header);
        while (reader.MoveNext())
        {
            if (reader.Name.SequenceEqual(name) && occurrence-- == 0)
            {
                raw = reader.Value;
                return true;
            }
        }

        raw = default;
        return false;
    }

    /// <summary>A raw value as <see cref="Get(ReadOnlySpan{char}, ReadOnlySpan{char})"/> returns it: decoded when it has a <c>%</c>, otherwise itself (no copy).</summary>
    internal static ReadOnlySpan<char> DecodeRaw(ReadOnlySpan<char> raw) =>
        // Stryker disable once all : decoding text without '%' gives it back unchanged: this only skips the scan
        raw.Contains('%') ? PercentEncoding.DecodeComponentOrKeep(raw.ToString()) : raw;

    /// <summary>Finds one cookie with a custom decoder, with the same first-wins rule as <see cref="Parse(string, Func{string, string})"/>.</summary>
    /// <param name="header">The <c>Cookie</c> header value.</param>
    /// <param name="name">The cookie name, case-sensitive.</param>
    /// <param name="decode">Turns a raw value into the result; <see langword="null"/> means "look further".</param>
    /// <returns>The first decoded value that is not <see langword="null"/>, or <see langword="null"/>.</returns>
    public static string? Get(ReadOnlySpan<char> header, ReadOnlySpan<char> name, Func<string, string?> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        var reader = new CookiePairReader(header);
        while (reader.MoveNext())
        {
            if (reader.Name.SequenceEqual(name) && decode(reader.Value.ToString()) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The default decoder: <c>decodeURIComponent</c> when the value contains <c>%</c>, the raw value when that fails.</summary>
    /// <param name="value">A raw cookie value.</param>
    /// <returns>The decoded value.</returns>
    public static string Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return PercentEncoding.DecodeComponentOrKeep(value);
    }
}
