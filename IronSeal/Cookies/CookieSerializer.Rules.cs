using System.Globalization;
using System.Text;

namespace IronSeal;

// The checks browsers apply beyond the npm package's, and the messages that show what was refused.
public static partial class CookieSerializer
{
    private static void CheckBrowserRules(string name, CookieAttributes attributes)
    {
        if (attributes.SameSite == SameSite.None && !attributes.Secure)
        {
            throw new ArgumentException("SameSite=None requires Secure: browsers drop such a cookie. Set Secure = true, or use SameSite.Lax.", nameof(CookieAttributes.Secure));
        }

        if (attributes.Partitioned && !attributes.Secure)
        {
            throw new ArgumentException("Partitioned requires Secure: browsers drop such a cookie. Set Secure = true, or drop Partitioned.", nameof(CookieAttributes.Secure));
        }

        if (name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) && !attributes.Secure)
        {
            throw new ArgumentException($"A cookie named \"{name}\" requires Secure (the __Secure- prefix). Set Secure = true, or rename it.", nameof(CookieAttributes.Secure));
        }

        if (name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase))
        {
            if (!attributes.Secure)
            {
                throw new ArgumentException($"A cookie named \"{name}\" requires Secure (the __Host- prefix). Set Secure = true, or rename it.", nameof(CookieAttributes.Secure));
            }

            if (!string.IsNullOrEmpty(attributes.Domain))
            {
                throw new ArgumentException($"A cookie named \"{name}\" must not have a Domain (the __Host- prefix). Remove Domain, or rename it.", nameof(CookieAttributes.Domain));
            }

            if (attributes.Path != "/")
            {
                throw new ArgumentException($"A cookie named \"{name}\" needs Path=/ (the __Host- prefix). Set Path = \"/\", or rename it.", nameof(CookieAttributes.Path));
            }
        }
    }

    /// <summary>Labels of letters, digits and '-' (not at either end), at most 63 long, dot-separated; one leading dot allowed.</summary>
    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        if (domain.StartsWith('.'))
        {
            domain = domain[1..];
        }

        foreach (Range range in domain.Split('.'))
        {
            ReadOnlySpan<char> label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (char c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Shows control characters in error messages as escapes, so a message cannot break a log line.</summary>
    private static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            _ = c < 0x20 || c == 0x7F ? builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : builder.Append(c);
        }

        return builder.ToString();
    }

    private static string PrintableAsciiExcept(string excluded)
    {
        var builder = new StringBuilder();
        for (char c = '!'; c <= '~'; c++)
        {
            if (!excluded.Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string ControlsAndSpace()
    {
        var builder = new StringBuilder();
        for (char c = '\0'; c <= ' '; c++)
        {
            builder.Append(c);
        }

        return builder.ToString();
    }
}
