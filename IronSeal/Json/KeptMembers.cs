using System.Text.Json;

namespace IronSeal;

/// <summary>
/// The members of a session's JSON that its .NET type does not model (a Node app's <c>cart</c> beside the .NET app's
/// <c>userId</c>): found when the session is read, and written back around the .NET type's own members when it is
/// saved, so that a .NET save loses nothing another app wrote. What the type models, .NET owns: its members are
/// written as the type holds them, and a member it holds as null is left out.
/// </summary>
internal static class KeptMembers
{
    private const int StackNameLimit = 128;

    /// <summary>What <see cref="Scan"/> found at the top level of a session's JSON object.</summary>
    /// <param name="Unmodelled">Some member, at the top or inside a modelled object, is not modelled: keep the JSON.</param>
    /// <param name="Members">How many top-level members the object has (the ignored one aside).</param>
    /// <param name="Matched">How many of them the type models.</param>
    /// <param name="NoneMatched">There are members, the type declares some and keeps no unknown ones, and none matched.</param>
    /// <param name="FirstUnmatched">The first top-level member the type does not model, if any.</param>
    public readonly record struct Found(bool Unmodelled, int Members, int Matched, bool NoneMatched, string? FirstUnmatched);

    /// <summary>
    /// Reads <paramref name="json"/> against <paramref name="model"/>; <paramref name="ignored"/> is a top-level member
    /// the session layer writes itself (its first-issue time), neither kept nor counted. Invalid JSON finds nothing:
    /// the deserializer has already reported it.
    /// </summary>
    public static Found Scan(ReadOnlySpan<byte> json, JsonModel model, JsonReaderOptions readerOptions, ReadOnlySpan<byte> ignored = default)
    {
        var reader = new Utf8JsonReader(json, readerOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            int members = 0;
            int matched = 0;
            bool unmodelled = false;
            string? firstUnmatched = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!ignored.IsEmpty && reader.ValueTextEquals(ignored))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                members++;
                bool models = Visit(ref reader, model, ref unmodelled, ref firstUnmatched);
                matched += models ? 1 : 0;
            }

            bool noneMatched = members > 0 && matched == 0 && model.Count > 0 && !model.KeepsUnknownMembers;
            return new Found(unmodelled, members, matched, noneMatched, firstUnmatched);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>
    /// At a property name of an object the type models: moves past its value, noting whether anything in it is not
    /// modelled. Returns whether the model declares the member.
    /// </summary>
    private static bool Visit(ref Utf8JsonReader reader, JsonModel model, ref bool unmodelled, ref string? firstUnmatched)
    {
        string? name = Name(ref reader, model, out bool models);
        if (!models && firstUnmatched is null)
        {
            firstUnmatched = reader.GetString(); // once per session at most: the top level's first stranger
        }

        reader.Read();
        if (!models)
        {
            unmodelled |= !model.KeepsUnknownMembers;
            reader.Skip();
            return false;
        }

        JsonModel? nested = name is null ? null : model.Nested(name);
        if (nested is null || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }

        string? nestedStranger = string.Empty; // nested strangers are kept, not reported
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Visit(ref reader, nested, ref unmodelled, ref nestedStranger);
        }

        return true;
    }

    /// <summary>Whether the model declares the current property name; the name itself when it does (for nesting).</summary>
    private static string? Name(ref Utf8JsonReader reader, JsonModel model, out bool models)
    {
        int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        Span<char> chars = length <= StackNameLimit ? stackalloc char[StackNameLimit] : new char[length];
        chars = chars[..reader.CopyString(chars)];
        models = model.Models(chars, out string? name);
        return name;
    }

    /// <summary>
    /// Writes the object <paramref name="written"/> (the type's members, as just serialized) into the members of
    /// <paramref name="kept"/> (the object as read): every kept member in its place, the modelled ones replaced by
    /// what the type wrote (merged again one level down where both are objects of a modelled object type) or dropped
    /// where the type wrote nothing (null), then the type's members that were not there before, in the type's order.
    /// <paramref name="ignored"/> (top level only) is dropped.
    /// </summary>
    public static void Merge(Utf8JsonWriter writer, JsonElement kept, JsonElement written, JsonModel model, ReadOnlySpan<byte> ignored = default)
    {
        List<JsonProperty> fresh = [.. written.EnumerateObject()];
        var used = new bool[fresh.Count];
        writer.WriteStartObject();
        foreach (JsonProperty member in kept.EnumerateObject())
        {
            if (!ignored.IsEmpty && member.NameEquals(ignored))
            {
                continue;
            }

            bool models = model.Models(member.Name);
            int index = Find(fresh, member.Name, model);
            if (!models && !model.KeepsUnknownMembers)
            {
                member.WriteTo(writer); // not modelled: as it was
                continue;
            }

            if (index < 0 || used[index])
            {
                continue; // modelled (or kept by extension data) and now absent: .NET removed it
            }

            used[index] = true;
            JsonProperty replacement = fresh[index];
            JsonModel? nested = models ? model.Nested(member.Name) : null;
            if (nested is not null && member.Value.ValueKind == JsonValueKind.Object && replacement.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName(replacement.Name);
                Merge(writer, member.Value, replacement.Value, nested);
            }
            else
            {
                replacement.WriteTo(writer);
            }
        }

        for (int i = 0; i < fresh.Count; i++)
        {
            if (!used[i])
            {
                fresh[i].WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static int Find(List<JsonProperty> members, string name, JsonModel model)
    {
        for (int i = 0; i < members.Count; i++)
        {
            if (model.SameName(members[i].Name, name))
            {
                return i;
            }
        }

        return -1;
    }
}
