namespace IronSeal.Sample;

/// <summary>
/// Redirect targets from user input (a form's <c>returnUrl</c>, a link's): only a path on this site is followed, never
/// another site. The rules of ASP.NET Core's <c>Url.IsLocalUrl</c>: one leading <c>/</c>, not <c>//</c> or <c>/\</c>
/// (browsers read both as another host), no control characters (browsers drop tabs and newlines, which would turn
/// <c>/&#9;/evil.example</c> into <c>//evil.example</c>).
/// </summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    /// <summary><paramref name="url"/> when it is local, else null.</summary>
    public static string? OrNull(string? url) => IsLocal(url) ? url : null;

    /// <summary><paramref name="url"/> when it is local, else <paramref name="fallback"/>.</summary>
    public static string Or(string? url, string fallback) => IsLocal(url) ? url! : fallback;
}
