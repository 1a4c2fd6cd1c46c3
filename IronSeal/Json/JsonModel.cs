using System.Runtime.CompilerServices;
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
/// </remarks>
internal sealed class JsonModel
{
    private static readonly ConditionalWeakTable<JsonTypeInfo, JsonModel> s_models = [];
    private static readonly ConditionalWeakTable<JsonTypeInfo, JsonTypeInfo> s_writers = [];

    private readonly Dictionary<string, JsonPropertyInfo> _members;
    private readonly Dictionary<string, JsonPropertyInfo>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly StringComparer _comparer;
    private readonly Dictionary<string, JsonModel?> _nested;
    private readonly JsonSerializerOptions _options;

    private JsonModel(JsonTypeInfo typeInfo)
    {
        _options = typeInfo.Options;
        StringComparer comparer = typeInfo.Options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _comparer = comparer;
        _members = new Dictionary<string, JsonPropertyInfo>(comparer);
        _byChars = _members.GetAlternateLookup<ReadOnlySpan<char>>();
        _nested = new Dictionary<string, JsonModel?>(comparer);
        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.IsExtensionData)
            {
                KeepsUnknownMembers = true;
            }
            else
            {
                _members.TryAdd(property.Name, property);
            }
        }
    }

    /// <summary>True when the type has an extension-data member: what it does not declare, it keeps itself.</summary>
    public bool KeepsUnknownMembers { get; }

    /// <summary>How many members the type declares.</summary>
    public int Count => _members.Count;

    /// <summary>The model of an object-kind type; null for every other kind (which models whatever it is given).</summary>
    public static JsonModel? For(JsonTypeInfo typeInfo) =>
        typeInfo.Kind == JsonTypeInfoKind.Object ? s_models.GetValue(typeInfo, static t => new JsonModel(t)) : null;

    /// <summary>True when the type declares a member of this JSON name.</summary>
    public bool Models(string name) => _members.ContainsKey(name);

    /// <summary>True when the type declares a member of this JSON name; <paramref name="name"/> is its declared name.</summary>
    public bool Models(ReadOnlySpan<char> candidate, out string? name)
    {
        bool found = _byChars.TryGetValue(candidate, out string? declared, out _);
        name = declared;
        return found;
    }

    /// <summary>Whether two member names are one, as the type's options compare names.</summary>
    public bool SameName(string a, string b) => _comparer.Equals(a, b);

    /// <summary>The model of the declared member <paramref name="name"/>'s type, when that type is an object kind.</summary>
    public JsonModel? Nested(string name)
    {
        lock (_nested)
        {
            if (!_nested.TryGetValue(name, out JsonModel? nested))
            {
                nested = _members.TryGetValue(name, out JsonPropertyInfo? property) ? For(_options.GetTypeInfo(property.PropertyType)) : null;
                _nested[name] = nested;
            }

            return nested;
        }
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
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            bool nullable = !property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null;
            if (!nullable || property.IsExtensionData || KeepsExplicitNull(property))
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
