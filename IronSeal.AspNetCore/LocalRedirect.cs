namespace IronSeal;

/// <summary>
/// Redirect targets a sign-in or sign-out follows: a path on this site only, by the rules of ASP.NET Core's
/// <c>Url.IsLocalUrl</c>: one leading <c>/</c>, not <c>//</c> or <c>/\</c> (browsers read both as
/// another host), and no control characters (browsers drop tabs and newlines, turning <c>/&#9;/evil</c> into <c>//evil</c>).
/// </summary>
internal static class LocalRedirect
{
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Any(char.IsControl))
        {
            return false;
        }

        return url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
    }
}
