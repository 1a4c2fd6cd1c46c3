namespace IronSeal.Tool;

/// <summary>
/// Finds the seal in what the user pasted. Support requests rarely come with a bare seal: they come with a
/// <c>Cookie:</c> header from the browser's dev tools, a <c>name=value</c> pair, a value in quotes, or a trailing
/// newline. Accepting all of these spares the user an error-prone manual cut.
/// </summary>
internal static class SealInput
{
    private const string SealStart = "Fe26.";

    private static readonly string[] s_headerNames = ["Cookie:", "Set-Cookie:"];

    /// <summary>The seal text for the positional argument: the argument itself, or standard input when it is <c>-</c>.</summary>
    /// <param name="argument">The command's <c>&lt;seal&gt;</c> argument.</param>
    /// <param name="input">Standard input, read to its end for <c>-</c>.</param>
    /// <returns>The seal, with any header, cookie name, quotes and surrounding whitespace removed.</returns>
    /// <exception cref="UsageException">Empty input, or a cookie header in which no cookie holds a seal.</exception>
    public static string Read(string argument, TextReader input) =>
        Extract(argument == "-" ? input.ReadToEnd() : argument);

    /// <summary>Takes the seal out of a bare seal, a <c>Cookie:</c> header or a <c>name=value</c> pair.</summary>
    /// <param name="text">What the user gave.</param>
    /// <returns>The seal text (not yet checked to be a well-formed seal).</returns>
    /// <exception cref="UsageException">Empty, or a header with several cookies none of which holds a seal.</exception>
    public static string Extract(string text)
    {
        string trimmed = Unquote(text.Trim());
        foreach (string header in s_headerNames)
        {
            if (trimmed.StartsWith(header, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = Unquote(trimmed[header.Length..].Trim());
            }
        }

        if (trimmed.Length == 0)
        {
            throw new UsageException("The seal is empty.");
        }

        // A seal never holds '=' or ';' (base64url without padding), so only a cookie pair or header has them.
        return trimmed.StartsWith(SealStart, StringComparison.Ordinal) || !trimmed.Contains('=', StringComparison.Ordinal)
            ? trimmed
            : FromCookieHeader(trimmed);
    }

    /// <summary>
    /// The first cookie value that starts like a seal, read with IronSeal's own cookie parser (the rules of the npm
    /// <c>cookie</c> package: first occurrence wins, percent-decoding) so the tool sees what the server sees. A header
    /// with a single cookie gives that cookie's value even when it is not a seal, so the user learns why it is not.
    /// </summary>
    private static string FromCookieHeader(string header)
    {
        var seals = new List<string>();
        IReadOnlyDictionary<string, string> jar = CookieParser.Parse(header, raw =>
        {
            string value = CookieParser.Decode(Unquote(raw));
            if (value.StartsWith(SealStart, StringComparison.Ordinal))
            {
                seals.Add(value);
            }

            return value;
        });

        if (seals.Count > 0)
        {
            return seals[0];
        }

        return jar.Count == 1
            ? jar.Values.Single()
            : throw new UsageException(
                jar.Count == 0
                    ? "No cookie found: expected a seal (Fe26.2*…), a name=value pair or a Cookie header."
                    : $"None of the {jar.Count} cookies ({string.Join(", ", jar.Keys)}) holds an Fe26.2 seal.");
    }

    /// <summary>Removes one pair of surrounding double or single quotes (shells, JSON and dev tools add them).</summary>
    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0] ? text[1..^1].Trim() : text;
}
