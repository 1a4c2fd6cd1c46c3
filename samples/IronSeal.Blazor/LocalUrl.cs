namespace IronSeal.Blazor;

/// <summary>Redirect targets from the query string: only a path on this site is followed.</summary>
public static class LocalUrl
{
    /// <summary>
    /// <paramref name="url"/> when it is a path on this site (one leading <c>/</c>, not <c>//</c> or <c>/\</c>, which
    /// browsers read as another host, and no control characters); else <paramref name="fallback"/>.
    /// </summary>
    public static string Or(string? url, string fallback) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : fallback;
}
