using System.Text.Json;

namespace IronSeal;

/// <summary>
/// The members of a session's JSON that its .NET type does not model (a Node app's <c>cart</c> beside the .NET app's
/// <c>userId</c>): found when the session is read, and written back around the .NET type's own members when it is
/// saved, so that a .NET save loses nothing another app wrote. What the type models, .NET owns: its members are
/// written as the type holds them, and a member it holds as null is left out.
/// </summary>
/// <remarks>
/// Both passes stream over the UTF-8 text with <see cref="Utf8JsonReader"/>; the merge copies each member's text as
/// it stands (the other app's bytes, or the type's as just serialized), so nothing is parsed into a document.
/// </remarks>
internal static class KeptMembers
{
    private const int StackNameLimit = 256;

    /// <summary>What <see cref="Scan"/> found at the top level of a session's JSON object.</summary>
    /// <param name="Unmodelled">
    /// Some member, at the top or inside a modelled object, is not modelled, or is spelled otherwise than the type writes
    /// it: keep the JSON.
    /// </param>
    /// <param name="Members">How many top-level members the object has (the ignored ones aside).</param>
    /// <param name="NoneMatched">There are members, the type declares some and keeps no unknown ones, and none matched.</param>
    /// <param name="FirstUnmatched">The first top-level member the type does not model, when none matched.</param>
    public readonly record struct Found(bool Unmodelled, int Members, bool NoneMatched, string? FirstUnmatched);

    /// <summary>
    /// Reads <paramref name="json"/> against <paramref name="model"/>; top-level members whose names start with
    /// <paramref name="ignored"/> are the session layer's own (its first-issue time, its end), neither kept nor counted. Invalid JSON finds nothing:
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
            bool anyMatched = false;
            bool unmodelled = false;
            string? first = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (IsReserved(ref reader, ignored))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                members++;
                int index = IndexOf(ref reader, model, out bool exact);
                if (index < 0)
                {
                    first ??= reader.GetString();
                }

                unmodelled |= !exact; // a member spelled otherwise than .NET writes it: keep its spelling

                anyMatched |= index >= 0;
                Visit(ref reader, model, index, ref unmodelled);
            }

            bool noneMatched = members > 0 && !anyMatched && model.Count > 0 && !model.KeepsUnknownMembers;
            return new Found(unmodelled, members, noneMatched, noneMatched ? first : null);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>At a property name: moves past its value, noting whether anything in it, or it, is not modelled.</summary>
    private static void Visit(ref Utf8JsonReader reader, JsonModel model, int index, ref bool unmodelled)
    {
        reader.Read();
        JsonModel? nested = index < 0 ? null : model.Nested(index);
        if (nested is null || reader.TokenType != JsonTokenType.StartObject)
        {
            unmodelled |= index < 0; // (a type with extension data keeps it too, but the merge keeps its place)
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int member = IndexOf(ref reader, nested, out bool exact);
            unmodelled |= !exact;
            Visit(ref reader, nested, member, ref unmodelled);
        }
    }

    /// <summary>The declared member the current property name reads into, or -1.</summary>
    private static int IndexOf(ref Utf8JsonReader reader, JsonModel model) => IndexOf(ref reader, model, out _);

    /// <summary>As above; <paramref name="exact"/> is false for a match in another spelling (case) than the declared name.</summary>
    private static int IndexOf(ref Utf8JsonReader reader, JsonModel model, out bool exact)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            int index = model.IndexOf(reader.ValueSpan);
            exact = index < 0 || model.IsSpelledAs(index, reader.ValueSpan);
            return index;
        }

        int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        Span<byte> name = length <= StackNameLimit ? stackalloc byte[StackNameLimit] : new byte[length];
        name = name[..reader.CopyString(name)];
        int found = model.IndexOf(name);
        exact = found < 0 || model.IsSpelledAs(found, name);
        return found;
    }

    /// <summary>One member of the JSON the type wrote: its text from the name's quote to the value's end.</summary>
    private record struct Written(int Start, int ValueStart, int End, int Declared, string? Name, bool Used);

    /// <summary>
    /// Writes into <paramref name="destination"/> the object <paramref name="kept"/> (the session's JSON as read) with the
    /// type's members from <paramref name="written"/> (as just serialized): every kept member in its place, a modelled one
    /// replaced by what the type wrote (merged again one level down where both are objects of a modelled object type)
    /// or dropped where the type wrote nothing (null), then the type's members that were not there, in the type's order.
    /// Top-level members whose names start with <paramref name="ignored"/> are dropped.
    /// </summary>
    public static void Merge(
        PooledByteWriter destination, ReadOnlySpan<byte> kept, ReadOnlySpan<byte> written, JsonModel model, JsonReaderOptions readerOptions, ReadOnlySpan<byte> ignored = default)
    {
        List<Written> fresh = ListMembers(written, model);
        var reader = new Utf8JsonReader(kept, readerOptions);
        reader.Read();
        Append(destination, "{"u8);
        bool first = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int start = (int)reader.TokenStartIndex;
            bool skip = IsReserved(ref reader, ignored);
            int index = IndexOf(ref reader, model);
            string? name = index < 0 && model.KeepsUnknownMembers ? reader.GetString() : null;
            reader.Read();
            int valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            int end = (int)reader.BytesConsumed;
            if (skip)
            {
                continue;
            }

            if (index < 0 && !model.KeepsUnknownMembers)
            {
                Member(destination, kept[start..end], ref first); // not modelled: as it was
                continue;
            }

            int found = Find(fresh, index, name);
            if (found < 0)
            {
                continue; // modelled (or kept by the type's extension data) and now absent: .NET removed it
            }

            Written replacement = fresh[found];
            fresh[found] = replacement with { Used = true };
            JsonModel? nested = index >= 0 ? model.Nested(index) : null;
            // The name as the other app spelled it (a case-insensitive match keeps its case), the value as .NET holds it.
            Member(destination, kept[start..valueStart], ref first);
            if (nested is not null && kept[valueStart] == (byte)'{' && written[replacement.ValueStart] == (byte)'{')
            {
                Merge(destination, kept[valueStart..end], written[replacement.ValueStart..replacement.End], nested, readerOptions);
            }
            else
            {
                Append(destination, written[replacement.ValueStart..replacement.End]);
            }
        }

        foreach (Written member in fresh)
        {
            if (!member.Used)
            {
                Member(destination, written[member.Start..member.End], ref first);
            }
        }

        Append(destination, "}"u8);
    }

    /// <summary>The unused written member that is declared member <paramref name="index"/>, or (for -1) is named <paramref name="name"/>.</summary>
    private static int Find(List<Written> members, int index, string? name)
    {
        for (int i = 0; i < members.Count; i++)
        {
            if (!members[i].Used && (index >= 0 ? members[i].Declared == index : members[i].Name == name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The members of the object the type wrote (compact JSON), with the declared member each one is.</summary>
    private static List<Written> ListMembers(ReadOnlySpan<byte> written, JsonModel model)
    {
        var members = new List<Written>(model.Count + 2);
        var reader = new Utf8JsonReader(written);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int start = (int)reader.TokenStartIndex;
            int index = IndexOf(ref reader, model);
            string? name = index < 0 ? reader.GetString() : null;
            reader.Read();
            int valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            members.Add(new Written(start, valueStart, (int)reader.BytesConsumed, index, name, Used: false));
        }

        return members;
    }

    private static void Member(PooledByteWriter destination, ReadOnlySpan<byte> text, ref bool first)
    {
        if (!first)
        {
            Append(destination, ","u8);
        }

        first = false;
        Append(destination, text);
    }

    private static void Append(PooledByteWriter destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination.GetSpan(bytes.Length));
        destination.Advance(bytes.Length);
    }

    /// <summary>A property name that starts with <paramref name="prefix"/> as written (an escaped spelling is not the session layer's).</summary>
    private static bool IsReserved(ref Utf8JsonReader reader, ReadOnlySpan<byte> prefix) =>
        !prefix.IsEmpty && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.StartsWith(prefix);
}
