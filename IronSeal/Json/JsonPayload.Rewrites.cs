using System.Globalization;
using System.Text.Json;

namespace IronSeal;

/// <summary>The rewrites reading needs: duplicate keys last-wins, and iron-session 8's <c>persistent</c> layout.</summary>
internal static partial class JsonPayload
{
    /// <summary>
    /// True when some object repeats a key, or when that cannot be told cheaply (escaped names, very wide objects).
    /// False for invalid JSON: the deserializer reports that. <paramref name="readerOptions"/> must be the
    /// deserializer's (<see cref="ReaderOptions"/>): JSON it accepts must not look invalid here.
    /// </summary>
    internal static bool MayHaveDuplicateKeys(ReadOnlySpan<byte> json, JsonReaderOptions readerOptions = default)
    {
        const int MaxKeysCompared = 32;
        var reader = new Utf8JsonReader(json, readerOptions);
        Span<int> starts = stackalloc int[MaxKeysCompared];
        Span<int> lengths = stackalloc int[MaxKeysCompared];
        // Every open object but the outermost sits under a counted key, and counting stops at MaxKeysCompared keys,
        // so at most MaxKeysCompared + 1 objects are ever open here.
        Span<int> objectFirstKey = stackalloc int[MaxKeysCompared + 1];
        int depth = -1;
        int keyCount = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objectFirstKey[++depth] = keyCount;
                        break;
                    case JsonTokenType.EndObject:
                        keyCount = objectFirstKey[depth--];
                        break;
                    case JsonTokenType.PropertyName:
                        if (reader.ValueIsEscaped || reader.HasValueSequence || keyCount == MaxKeysCompared)
                        {
                            return true;
                        }

                        ReadOnlySpan<byte> name = reader.ValueSpan;
                        for (int i = objectFirstKey[depth]; i < keyCount; i++)
                        {
                            if (json.Slice(starts[i], lengths[i]).SequenceEqual(name))
                            {
                                return true;
                            }
                        }

                        starts[keyCount] = (int)reader.TokenStartIndex + 1; // after the opening quote
                        lengths[keyCount] = name.Length;
                        keyCount++;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }

    /// <summary>iron-session 8's <c>{ ...data.persistent }</c>: an object is copied, an array or string spreads into index keys, anything else is <c>{}</c>.</summary>
    private static byte[] UnwrapPersistent(ReadOnlySpan<byte> json, JsonReaderOptions readerOptions) => Rewrite(json, readerOptions, static (writer, root) =>
    {
        JsonElement? persistent = null;
        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (property.NameEquals("persistent"u8))
                {
                    persistent = property.Value; // last one wins, as in JSON.parse
                }
            }
        }

        writer.WriteStartObject();
        switch (persistent?.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in persistent.Value.EnumerateObject())
                {
                    property.WriteTo(writer);
                }

                break;
            case JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in persistent.Value.EnumerateArray())
                {
                    writer.WritePropertyName(IndexKey(index++));
                    item.WriteTo(writer);
                }

                break;
            case JsonValueKind.String:
                string text = persistent.Value.GetString()!;
                for (int i = 0; i < text.Length; i++)
                {
                    writer.WriteString(IndexKey(i), text.AsSpan(i, 1));
                }

                break;
        }

        writer.WriteEndObject();
    });

    private static string IndexKey(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static void WriteLastWins(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var last = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                var order = new List<string>();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (!last.ContainsKey(property.Name))
                    {
                        order.Add(property.Name);
                    }

                    last[property.Name] = property.Value;
                }

                writer.WriteStartObject();
                foreach (string name in order)
                {
                    writer.WritePropertyName(name);
                    WriteLastWins(writer, last[name]);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteLastWins(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static byte[] Rewrite(ReadOnlySpan<byte> json, JsonReaderOptions readerOptions, Action<Utf8JsonWriter, JsonElement> write)
    {
        var reader = new Utf8JsonReader(json, readerOptions);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        // As JSON.parse does, refuse anything but whitespace after the value: reading on throws a JsonException for it.
        _ = reader.Read();

        using var buffer = new PooledByteWriter();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = StringifyEncoder.Instance, MaxDepth = readerOptions.MaxDepth }))
        {
            write(writer, document.RootElement);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
