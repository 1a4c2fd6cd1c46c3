namespace IronSeal;

/// <summary>The session types an app registered, by their settings' options name, with the section each binds.</summary>
internal sealed class IronSessionTypes
{
    private readonly Dictionary<string, (Type Type, string Section)> _types = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (Type Type, string Section)> Types => _types;

    public void Add(string name, Type type, string section) => _types[name] = (type, section);

    /// <summary>The configuration section the settings of <paramref name="name"/> are bound from.</summary>
    public string SectionOf(string name) => _types.TryGetValue(name, out (Type Type, string Section) entry) ? entry.Section : IronSessionSettings.SectionName;
}
