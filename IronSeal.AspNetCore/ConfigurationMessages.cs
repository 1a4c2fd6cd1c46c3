namespace IronSeal;

/// <summary>The checks and message shaping that every session kind's settings share (iron-session and h3).</summary>
internal static class ConfigurationMessages
{
    /// <summary>The longest life browsers give a cookie (Chrome's cap, RFC 6265bis): 400 days.</summary>
    private static readonly TimeSpan s_maxCookieLifetime = TimeSpan.FromDays(400);

    /// <summary>
    /// Refuses a duration over 400 days: almost always seconds read as days. <paramref name="aside"/> (e.g. a note on
    /// the Node side's unit) goes before the message's final full stop.
    /// </summary>
    public static void CheckDuration(string section, TimeSpan value, string key, string example, string meaning, string aside = "")
    {
        if (value > s_maxCookieLifetime)
        {
            throw new ArgumentException(
                $"{section}:{key} is {value.TotalDays:0.###} days (\"{value}\"), more than the 400 days browsers keep a cookie. " +
                $"Write it as a TimeSpan, e.g. \"{example}\" for {meaning}: in configuration a bare number is days, not seconds{aside}.");
        }
    }

    /// <summary>
    /// The settings whose value is one of a few names; the binder's message names the type it could not convert to (the
    /// enum itself for a nullable one too).
    /// </summary>
    private static readonly (string Type, string Names)[] s_choices =
    [
        ($"'{typeof(SameSite).FullName}'", string.Join(", ", Enum.GetNames<SameSite>())),
        ($"'{typeof(H3Version).FullName}'", string.Join(", ", Enum.GetNames<H3Version>())),
    ];

    /// <summary>
    /// For a configuration binder's "Failed to convert … to type 'IronSeal.SameSite'": the values the key takes, as
    /// <c>" Use one of: Strict, Lax, None."</c>; empty for any other message.
    /// </summary>
    public static string ChoicesFor(string binderMessage)
    {
        foreach ((string type, string names) in s_choices)
        {
            if (binderMessage.Contains(type, StringComparison.Ordinal))
            {
                return $" Use one of: {names}.";
            }
        }

        return string.Empty;
    }

    /// <summary>A library message without the "(Parameter …)" that ArgumentException appends (configuration has no parameters).</summary>
    public static string WithoutParameter(string message)
    {
        int parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return parameter < 0 ? message : message[..parameter];
    }

    /// <summary>
    /// A library message about options in configuration terms: <see cref="WithoutParameter"/>, and the cookie
    /// serializer's advice in keys ("Set Secure = true" becomes "Set Section:Cookie:Secure to true", and so on), so that
    /// the message says which key to change.
    /// </summary>
    public static string ForOptions(string section, string message) => WithoutParameter(message)
        .Replace("Set Secure = true", $"Set {section}:Cookie:Secure to true", StringComparison.Ordinal)
        .Replace("use SameSite.Lax", $"set {section}:Cookie:SameSite to Lax", StringComparison.Ordinal)
        .Replace("drop Partitioned", $"set {section}:Cookie:Partitioned to false", StringComparison.Ordinal);
}
