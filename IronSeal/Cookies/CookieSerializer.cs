using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace IronSeal;

/// <summary>
/// Writes a <c>Set-Cookie</c> header value with the semantics of the npm <c>cookie</c> package (2.x
/// <c>stringifySetCookie</c>), stricter where browsers are. No input can place CR, LF, <c>;</c> or another control
/// character where it does not belong: every field is validated or encoded.
/// </summary>
/// <remarks>
/// <para>
/// Checks run in the package's order (name, value, Max-Age, Domain, Path, Expires, Priority, SameSite), then the
/// browser rules below; the first failure throws an <see cref="ArgumentException"/> whose
/// <see cref="ArgumentException.ParamName"/> names the field (<c>name</c>, <c>value</c>, or the
/// <see cref="CookieAttributes"/> property).
/// </para>
/// <para>
/// Refused although the npm package writes them, because browsers drop such cookies without a word:
/// <c>SameSite=None</c> or <c>Partitioned</c> without <c>Secure</c>; a name starting with <c>__Secure-</c> without
/// <c>Secure</c>; a name starting with <c>__Host-</c> without <c>Secure</c>, with a <c>Domain</c>, or with a
/// <c>Path</c> other than <c>/</c> (prefixes matched case-insensitively, as browsers do).
/// </para>
/// </remarks>
public static partial class CookieSerializer
{
    // cookie 2.x: names are printable ASCII except ';' and '='.
    private static readonly SearchValues<char> s_nameCharacters = SearchValues.Create(PrintableAsciiExcept(";="));

    // A custom encoder's output must be printable ASCII except ';'.
    private static readonly SearchValues<char> s_valueCharacters = SearchValues.Create(PrintableAsciiExcept(";"));

    // The default encoder leaves a value alone unless it has one of these (or anything from DEL up).
    private static readonly SearchValues<char> s_needsEncoding = SearchValues.Create(ControlsAndSpace() + "\",;\\%");

    // Paths: SP to '~' except ';' and '<'.
    private static readonly SearchValues<char> s_pathCharacters = SearchValues.Create(" " + PrintableAsciiExcept(";<"));

    /// <summary>Serializes a cookie with the default encoder (see <see cref="Encode"/>).</summary>
    /// <param name="name">The cookie name: printable ASCII except <c>;</c> and <c>=</c>.</param>
    /// <param name="value">Any text; <see langword="null"/> is written as empty.</param>
    /// <param name="attributes">The attributes, or <see langword="null"/> for none.</param>
    /// <returns>The <c>Set-Cookie</c> header value, e.g. <c>sid=abc; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax</c>.</returns>
    /// <exception cref="ArgumentException">A field is invalid, or the combination is one browsers refuse.</exception>
    public static string Serialize(string name, string? value, CookieAttributes? attributes = null) =>
        Serialize(name, value, attributes, encode: null);

    /// <summary>Serializes a cookie with a custom encoder, whose output is then checked.</summary>
    /// <param name="name">The cookie name.</param>
    /// <param name="value">Any text; <see langword="null"/> is written as empty without calling the encoder.</param>
    /// <param name="attributes">The attributes, or <see langword="null"/>.</param>
    /// <param name="encode">
    /// Turns the value into header text, which must be printable ASCII except <c>;</c>. <see langword="null"/> uses
    /// <see cref="Encode"/>.
    /// </param>
    /// <returns>The <c>Set-Cookie</c> header value.</returns>
    /// <exception cref="ArgumentException">A field is invalid, or the combination is one browsers refuse.</exception>
    public static string Serialize(string name, string? value, CookieAttributes? attributes, Func<string, string>? encode)
    {
        CheckName(name);
        return Build(name, EncodeValue(value, encode), attributes);
    }

    /// <summary>
    /// Serializes a cookie whose value is characters in a buffer, with the default encoder: the same header as
    /// <see cref="Serialize(string, string, CookieAttributes)"/> for the same text, without a string of the value alone.
    /// </summary>
    /// <param name="name">The cookie name: printable ASCII except <c>;</c> and <c>=</c>.</param>
    /// <param name="value">Any text (empty is written as empty).</param>
    /// <param name="attributes">The attributes, or <see langword="null"/> for none.</param>
    /// <returns>The <c>Set-Cookie</c> header value.</returns>
    /// <exception cref="ArgumentException">A field is invalid, or the combination is one browsers refuse.</exception>
    public static string Serialize(string name, ReadOnlySpan<char> value, CookieAttributes? attributes = null)
    {
        CheckName(name);
        return NeedsEncoding(value) ? Build(name, Encode(value.ToString()), attributes) : Build(name, value, attributes);
    }

    /// <summary>The length in UTF-8 bytes of <paramref name="value"/> once <see cref="Encode"/>d, without a copy when it needs no encoding.</summary>
    internal static int EncodedByteCount(ReadOnlySpan<char> value) =>
        NeedsEncoding(value) ? Encoding.UTF8.GetByteCount(Encode(value.ToString())) : value.Length;

    /// <summary>True unless every character is a cookie octet that <see cref="Encode"/> keeps as it is (ASCII, one byte each).</summary>
    private static bool NeedsEncoding(ReadOnlySpan<char> value) =>
        value.ContainsAny(s_needsEncoding) || value.ContainsAnyExceptInRange('\0', '\u007E');

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(s_nameCharacters))
        {
            throw new ArgumentException(
                $"Cookie name \"{Printable(name)}\" is invalid: use printable ASCII without spaces, ';' or '='.", nameof(name));
        }
    }

    [SkipLocalsInit] // the builder reads only what it was given: no need to zero its 1 KB of stack
    private static string Build(string name, ReadOnlySpan<char> encodedValue, CookieAttributes? attributes)
    {
        var header = new ValueStringBuilder(stackalloc char[512]);
        header.Append(name);
        header.Append('=');
        header.Append(encodedValue);
        AppendAttributes(ref header, name, attributes ?? s_none);
        return header.ToString();
    }

    private static void AppendAttributes(ref ValueStringBuilder header, string name, CookieAttributes attributes)
    {
        if (attributes.MaxAge is { } maxAge)
        {
            if (maxAge.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                throw new ArgumentException($"MaxAge {maxAge} is invalid: it is written in whole seconds; round it.", nameof(CookieAttributes.MaxAge));
            }

            header.Append("; Max-Age=");
            header.Append(maxAge.Ticks / TimeSpan.TicksPerSecond);
        }

        if (!string.IsNullOrEmpty(attributes.Domain))
        {
            if (!IsDomain(attributes.Domain))
            {
                throw new ArgumentException(
                    $"Domain \"{Printable(attributes.Domain)}\" is invalid: use a host name such as example.com (letters, digits, '-', dots; no port, no scheme).",
                    nameof(CookieAttributes.Domain));
            }

            header.Append("; Domain=");
            header.Append(attributes.Domain);
        }

        if (!string.IsNullOrEmpty(attributes.Path))
        {
            if (attributes.Path.AsSpan().ContainsAnyExcept(s_pathCharacters))
            {
                throw new ArgumentException(
                    $"Path \"{Printable(attributes.Path)}\" is invalid: use printable ASCII without ';' or '<', e.g. \"/\".",
                    nameof(CookieAttributes.Path));
            }

            header.Append("; Path=");
            header.Append(attributes.Path);
        }

        if (attributes.Expires is { } expires)
        {
            DateTimeOffset utc = expires.ToUniversalTime();
            if (utc.Year < 1601)
            {
                throw new ArgumentException($"Expires {expires:O} is invalid: browsers accept years 1601 to 9999.", nameof(CookieAttributes.Expires));
            }

            Span<char> date = stackalloc char[29];
            utc.TryFormat(date, out int written, "r", CultureInfo.InvariantCulture);
            header.Append("; Expires=");
            header.Append(date[..written]);
        }

        if (attributes.HttpOnly)
        {
            header.Append("; HttpOnly");
        }

        if (attributes.Secure)
        {
            header.Append("; Secure");
        }

        if (attributes.Partitioned)
        {
            header.Append("; Partitioned");
        }

        if (attributes.Priority is { } priority)
        {
            header.Append("; Priority=");
            header.Append(priority switch
            {
                CookiePriority.Low => "Low",
                CookiePriority.Medium => "Medium",
                CookiePriority.High => "High",
                _ => throw new ArgumentException($"Priority {(int)priority} is not a CookiePriority value.", nameof(CookieAttributes.Priority)),
            });
        }

        if (attributes.SameSite is { } sameSite)
        {
            header.Append("; SameSite=");
            header.Append(sameSite switch
            {
                SameSite.Strict => "Strict",
                SameSite.Lax => "Lax",
                SameSite.None => "None",
                _ => throw new ArgumentException($"SameSite {(int)sameSite} is not a SameSite value.", nameof(CookieAttributes.SameSite)),
            });
        }

        CheckBrowserRules(name, attributes);
    }

    /// <summary>
    /// The default encoder: the value as it is when every character is a safe cookie octet, otherwise the whole value
    /// through JavaScript's <c>encodeURIComponent</c> (UTF-8, upper-case hex). <c>%</c> always triggers encoding, so
    /// <see cref="CookieParser"/> gives back exactly the original.
    /// </summary>
    /// <param name="value">Any text.</param>
    /// <returns>Header-safe text.</returns>
    /// <exception cref="ArgumentException">The value has a lone UTF-16 surrogate, which UTF-8 cannot carry.</exception>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!NeedsEncoding(value))
        {
            return value;
        }

        return PercentEncoding.TryEncodeComponent(value, out string? encoded)
            ? encoded
            : throw new ArgumentException("The cookie value has a lone UTF-16 surrogate, which cannot be encoded as UTF-8.", nameof(value));
    }

    private static readonly CookieAttributes s_none = new();

    private static string EncodeValue(string? value, Func<string, string>? encode)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (encode is null)
        {
            return Encode(value);
        }

        string encoded = encode(value);
        if (encoded is null || encoded.AsSpan().ContainsAnyExcept(s_valueCharacters))
        {
            throw new ArgumentException(
                $"The encoder turned the cookie value into \"{Printable(encoded ?? "(null)")}\", which is not header-safe: it must be printable ASCII without ';'.",
                nameof(value));
        }

        return encoded;
    }
}
