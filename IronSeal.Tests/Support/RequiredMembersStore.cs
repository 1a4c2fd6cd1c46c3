namespace IronSeal.Tests.Support;

/// <summary>
/// A store with only the two required members (<c>Get</c> and the string <c>Set</c>), as a third-party adapter written
/// before the optional ones may be: the interface's defaults do the rest (no <c>RequestCookieHeader</c>, the span
/// <c>Set</c> through a string). It collects what it sends.
/// </summary>
internal sealed class RequiredMembersStore(string? header) : ICookieStore
{
    private readonly HeaderCookieStore _inner = new(header);

    public IReadOnlyList<string> SetCookieHeaders => _inner.SetCookieHeaders;

    public string? Get(string name) => _inner.Get(name);

    public void Set(string name, string value, CookieAttributes attributes) => _inner.Set(name, value, attributes);
}
