namespace IronSeal;

/// <summary>
/// The session cookies a page request carried, kept for the interactive circuit that page starts: reads them, and
/// refuses every write (a circuit has no response to set a cookie on) with a message that says where to save instead.
/// </summary>
internal sealed class CircuitCookieStore(string cookieHeader) : ICookieStore
{
    /// <summary>What a save from a circuit is told.</summary>
    public static string CannotSave(Type dataType) =>
        $"IronSeal: the {dataType.Name} session cannot be saved from an interactive component: once a Blazor circuit (or WebAssembly) runs, there is no HTTP " +
        "response left to carry a Set-Cookie header. Change the session where a response can still set cookies: a form posted to a statically rendered " +
        "page (EditForm with FormName and [SupplyParameterFromForm]) or to a minimal API endpoint; from a component, NavigationManager.NavigateTo(url, forceLoad: true) " +
        "to such a page. ComponentSession<T>.CanSave says whether a save can work here.";

    /// <summary>Only the cookies of the session <paramref name="cookieName"/> (the cookie and its chunks), as the header spelled them.</summary>
    public static string Select(string? header, string cookieName)
    {
        if (string.IsNullOrEmpty(header))
        {
            return string.Empty;
        }

        IEnumerable<string> pairs = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(pair =>
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            ReadOnlySpan<char> name = (equals < 0 ? pair : pair[..equals]).AsSpan().Trim();
            return name.SequenceEqual(cookieName) || (name.StartsWith(cookieName, StringComparison.Ordinal) && name.Length > cookieName.Length && name[cookieName.Length] == '.');
        });
        return string.Join("; ", pairs);
    }

    public string RequestCookieHeader => cookieHeader;

    public Type DataType { get; init; } = typeof(object);

    /// <summary>True while the session is being opened: an h3 2.x renewal on read is skipped (the next request renews it), not refused.</summary>
    public bool Opening { get; set; }

    public void Set(string name, ReadOnlySpan<char> value, CookieAttributes attributes)
    {
        if (!Opening)
        {
            throw new InvalidOperationException(CannotSave(DataType));
        }
    }
}
