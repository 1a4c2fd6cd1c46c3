using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// What a session data type models of the JSON it is read from: the names of its members (compared as its options
/// compare them), the model of each member whose type is itself an object, and whether it keeps unknown members
/// itself (<see cref="JsonExtensionDataAttribute"/>). Built once per <see cref="JsonTypeInfo"/>, lazily, level by level.
/// </summary>
/// <remarks>
/// Only object kinds (a class or record with properties) model some members and not others; a dictionary, a
/// <c>JsonObject</c> or any other converter-backed type models everything it is given, and is never merged with.
/// Names are compared as UTF-8 bytes (ASCII case folding for case-insensitive options), so reading a session's member
/// names costs no string.
/// </remarks>
internal sealed class JsonModel
{
    private static readonly ConditionalWeakTable<JsonTypeInfo, JsonModel> s_models = [];
    private static readonly ConditionalWeakTable<JsonTypeInfo, JsonTypeInfo> s_writers = [];
    private static readonly JsonModel s_none = new();

    private readonly JsonPropertyInfo[] _members;
    private readonly byte[][] _names;
    private readonly bool[] _asciiNames;
    private readonly JsonModel?[] _nested; // filled on first use; s_none for a member whose type is not an object kind
    private readonly bool _ignoreCase;
    private readonly JsonSerializerOptions _options;

    private JsonModel()
    {
        _members = [];
        _names = [];
        _asciiNames = [];
        _nested = [];
        _options = new JsonSerializerOptions();
    }

    private JsonModel(JsonTypeInfo typeInfo)
    {
        _options = typeInfo.Options;
        _ignoreCase = typeInfo.Options.PropertyNameCaseInsensitive;
        var members = new List<JsonPropertyInfo>();
        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.IsExtensionData)
            {
                KeepsUnknownMembers = true;
            }
            else
            {
                members.Add(property);
            }
        }

        _members = [.. members];
        _names = [.. members.Select(m => Encoding.UTF8.GetBytes(m.Name))];
        _asciiNames = [.. _names.Select(n => Ascii.IsValid(n))];
        _nested = new JsonModel?[_members.Length];
    }

    /// <summary>True when the type has an extension-data member: what it does not declare, it keeps itself.</summary>
    public bool KeepsUnknownMembers { get; }

    /// <summary>How many members the type declares.</summary>
    public int Count => _members.Length;

    /// <summary>The model of an object-kind type; null for every other kind (which models whatever it is given).</summary>
    public static JsonModel? For(JsonTypeInfo typeInfo) =>
        typeInfo.Kind == JsonTypeInfoKind.Object ? s_models.GetValue(typeInfo, static t => new JsonModel(t)) : null;

    /// <summary>The declared member a JSON name (unescaped UTF-8) reads into, as the deserializer matches names; -1 for none.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        bool ascii = Ascii.IsValid(name);
        for (int i = 0; i < _names.Length; i++)
        {
            bool same = !_ignoreCase
                ? name.SequenceEqual(_names[i])
                : ascii && _asciiNames[i]
                    ? Ascii.EqualsIgnoreCase(name, _names[i])
                    : string.Equals(Encoding.UTF8.GetString(name), _members[i].Name, StringComparison.OrdinalIgnoreCase);
            if (same)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when <paramref name="name"/> is declared member <paramref name="index"/>'s name byte for byte (not only case-insensitively).</summary>
    public bool IsSpelledAs(int index, ReadOnlySpan<byte> name) => name.SequenceEqual(_names[index]);

    /// <summary>The model of declared member <paramref name="index"/>'s type, when that type is an object kind.</summary>
    public JsonModel? Nested(int index)
    {
        // Lazily, so that a type that contains itself (a tree) is modelled level by level; a race computes it twice.
        JsonModel nested = _nested[index] ??= For(_options.GetTypeInfo(_members[index].PropertyType)) ?? s_none;
        return ReferenceEquals(nested, s_none) ? null : nested;
    }

    /// <summary>
    /// The type info to write session data with: the same contract, except that a declared member holding null is left
    /// out (JavaScript's <c>undefined</c>, which <c>JSON.stringify</c> omits), unless the member says
    /// <c>[JsonIgnore(Condition = JsonIgnoreCondition.Never)]</c>. Nulls inside dictionaries and JSON nodes are data and
    /// stay.
    /// </summary>
    public static JsonTypeInfo<T> Writer<T>(JsonTypeInfo<T> typeInfo) =>
        (JsonTypeInfo<T>)s_writers.GetValue(typeInfo, static t =>
        {
            IJsonTypeInfoResolver resolver = t.Options.TypeInfoResolver
                ?? throw new InvalidOperationException($"The JSON options of {t.Type.Name} have no type info resolver.");
            var options = new JsonSerializerOptions(t.Options) { TypeInfoResolver = resolver.WithAddedModifier(OmitNullMembers) };
            options.MakeReadOnly();
            return options.GetTypeInfo(t.Type);
        });

    private static void OmitNullMembers(JsonTypeInfo typeInfo)
    {
        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.IsExtensionData || KeepsExplicitNull(property))
            {
                continue;
            }

            Func<object, object?, bool>? inner = property.ShouldSerialize;
            property.ShouldSerialize = inner is null
                ? static (_, value) => value is not null
                : (owner, value) => value is not null && inner(owner, value);
        }
    }

    private static bool KeepsExplicitNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.Never) == true;
}
