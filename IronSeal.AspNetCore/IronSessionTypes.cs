namespace IronSeal;

/// <summary>The session types an app registered, by their settings' options name (a start-up check compares their cookies).</summary>
internal sealed class IronSessionTypes
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Type> Types => _types;

    public void Add(string name, Type type) => _types[name] = type;
}
