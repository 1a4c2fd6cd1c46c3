namespace IronSeal.Tests.Support;

/// <summary>
/// The part of a browser's cookie jar these tests need: applies Set-Cookie headers (a Max-Age of 0 or less deletes)
/// and sends back a Cookie header. One host, one path; enough to carry a session between requests.
/// </summary>
internal sealed class BrowserJar
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public string CookieHeader => string.Join("; ", _cookies.Select(pair => $"{pair.Key}={pair.Value}"));

    public void Apply(IEnumerable<string> setCookieHeaders)
    {
        foreach (string header in setCookieHeaders)
        {
            string[] parts = header.Split("; ");
            int equals = parts[0].IndexOf('=', StringComparison.Ordinal);
            string name = parts[0][..equals];
            string value = parts[0][(equals + 1)..];
            string? maxAge = parts.Skip(1).FirstOrDefault(p => p.StartsWith("Max-Age=", StringComparison.Ordinal))?["Max-Age=".Length..];
            if (maxAge is not null && long.Parse(maxAge, System.Globalization.CultureInfo.InvariantCulture) <= 0)
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
    }
}
