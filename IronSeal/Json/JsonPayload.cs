using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace IronSeal;

/// <summary>
/// Turns session data into the JSON that goes inside a seal and back, with the semantics of Node's
/// <c>JSON.stringify</c> / <c>TextDecoder</c> + <c>JSON.parse</c> where .NET would differ.
/// </summary>
internal static class JsonPayload
{
    /// <summary>Resolves the type info for the reflection-based overloads.</summary>
    [RequiresUnreferencedCode("Reflection-based JSON. Use an overload that takes a JsonTypeInfo<T> for trimming and AOT.")]
    [RequiresDynamicCode("Reflection-based JSON. Use an overload that takes a JsonTypeInfo<T> for trimming and AOT.")]
    public static JsonTypeInfo<T> GetTypeInfo<T>(JsonSerializerOptions? options)
    {
        options ??= ReflectionDefaults.Options;
        if (options.PropertyNameCaseInsensitive && typeof(JsonNode).IsAssignableFrom(typeof(T)))
        {
            // JavaScript objects are case-sensitive: a JsonObject read with case-insensitive options merges "o" and "O"
            // (the web defaults' setting, meant for binding camelCase to C# properties), so JSON nodes get a
            // case-sensitive copy of the options.
            options = s_caseSensitive.GetValue(options, static o => new JsonSerializerOptions(o) { PropertyNameCaseInsensitive = false });
        }

        if (!options.IsReadOnly)
        {
            options.MakeReadOnly(populateMissingResolver: true);
        }

        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }

    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> s_caseSensitive = [];

    /// <summary>
    /// Writes <paramref name="value"/> as compact JSON, escaped like JSON.stringify unless the options name an encoder.
    /// The bytes live in a pooled buffer until the returned lease is disposed (then they are wiped).
    /// </summary>
    /// <remarks>
    /// A new writer per seal: reusing one per thread was measured to save 26 ns of a 10 µs seal (0.3 %), too little to
    /// keep the code (docs/benchmarks.md, "What each optimisation buys").
    /// </remarks>
    public static JsonLease Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new PooledByteWriter();
        try
        {
            Write(buffer, value, typeInfo);
            return new JsonLease(buffer);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes session data as <see cref="WriteSession{T}(PooledByteWriter, T, JsonTypeInfo{T}, byte[], ReadOnlySpan{byte})"/>
    /// does, then appends <paramref name="extra"/> (the session layer's first-issue time) when it has a name.
    /// </summary>
    public static JsonLease WriteSession<T>(T value, JsonTypeInfo<T> typeInfo, byte[]? kept, ExtraMember extra = default)
    {
        var buffer = new PooledByteWriter();
        try
        {
            WriteSession(buffer, value, typeInfo, kept, extra.Name);
            if (!extra.Name.IsEmpty)
            {
                AppendMember(buffer, extra);
            }

            return new JsonLease(buffer);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes session data: a member of <typeparamref name="T"/> that holds null is left out (JavaScript's
    /// <c>undefined</c>, <see cref="JsonModel.Writer{T}"/>), and, when <paramref name="kept"/> holds the JSON as it was
    /// read, every member <typeparamref name="T"/> does not model is written back in its place (<see cref="KeptMembers"/>).
    /// <paramref name="ignored"/>: a top-level member of the read JSON that the caller writes itself.
    /// </summary>
    public static void WriteSession<T>(PooledByteWriter destination, T value, JsonTypeInfo<T> typeInfo, byte[]? kept, ReadOnlySpan<byte> ignored = default)
    {
        JsonTypeInfo<T> writer = JsonModel.Writer(typeInfo);
        if (kept is null || JsonModel.For(typeInfo) is not { } model)
        {
            Write(destination, value, writer);
            return;
        }

        using var own = new PooledByteWriter();
        Write(own, value, writer);
        KeptMembers.Merge(destination, kept, own.WrittenSpan, model, ReaderOptions(typeInfo.Options), ignored);
    }

    /// <summary>
    /// A copy of the JSON a session was read from when it holds members <typeparamref name="T"/> does not model, for
    /// <see cref="WriteSession{T}(T, JsonTypeInfo{T}, byte[], ExtraMember)"/> to write back; otherwise null (nothing to keep, nothing copied).
    /// </summary>
    public static byte[]? KeepUnmodelled<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, out KeptMembers.Found found, ReadOnlySpan<byte> ignored = default)
    {
        found = default;
        if (JsonModel.For(typeInfo) is not { } model)
        {
            return null;
        }

        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        found = KeptMembers.Scan(json, model, ReaderOptions(typeInfo.Options), ignored);
        return found.Unmodelled && Utf8.IsValid(json) ? json.ToArray() : null;
    }

    private static JsonWriterOptions WriterOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder ?? StringifyEncoder.Instance,
        Indented = false,
        MaxDepth = options.MaxDepth,
    };

    /// <summary>Writes into a caller's buffer (tests compare the exact bytes with Node's).</summary>
    public static void Write<T>(PooledByteWriter destination, T value, JsonTypeInfo<T> typeInfo)
    {
        using var writer = new Utf8JsonWriter(destination, WriterOptions(typeInfo.Options));
        JsonSerializer.Serialize(writer, value, typeInfo);
    }

    /// <summary>One integer member to append to a JSON object (default: none).</summary>
    internal readonly ref struct ExtraMember(ReadOnlySpan<byte> name, long value)
    {
        public ReadOnlySpan<byte> Name { get; } = name;

        public long Value { get; } = value;
    }

    /// <summary>Turns the object just written, <c>{…}</c>, into <c>{…,"name":value}</c>.</summary>
    /// <exception cref="InvalidOperationException">The data was not written as a JSON object.</exception>
    private static void AppendMember(PooledByteWriter buffer, ExtraMember extra)
    {
        ReadOnlySpan<byte> written = buffer.WrittenSpan;
        if (written.Length < 2 || written[0] != (byte)'{' || written[^1] != (byte)'}')
        {
            throw new InvalidOperationException("Session data with an absolute lifetime must be written as a JSON object.");
        }

        bool empty = written.Length == 2;
        buffer.Unwrite(1); // the closing brace, written again after the member
        Span<byte> tail = buffer.GetSpan(extra.Name.Length + 26);
        int length = 0;
        if (!empty)
        {
            tail[length++] = (byte)',';
        }

        tail[length++] = (byte)'"';
        extra.Name.CopyTo(tail[length..]);
        length += extra.Name.Length;
        tail[length++] = (byte)'"';
        tail[length++] = (byte)':';
        extra.Value.TryFormat(tail[length..], out int digits, default, CultureInfo.InvariantCulture);
        length += digits;
        tail[length++] = (byte)'}';
        buffer.Advance(length);
    }

    /// <summary>
    /// The top-level member <paramref name="name"/> of a JSON object as an integer; null when it is absent, not an
    /// integer, or the JSON is not an object. Nested objects are skipped. The last occurrence wins, as in JSON.parse.
    /// </summary>
    internal static long? ReadTopLevelInt64(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(json);
        long? found = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool match = reader.ValueTextEquals(name);
                reader.Read();
                if (match)
                {
                    found = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? value : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return found;
    }

    /// <summary>The JSON just written; dispose to wipe it and give the buffer back.</summary>
    internal readonly struct JsonLease(PooledByteWriter buffer) : IDisposable
    {
        public ReadOnlySpan<byte> Bytes => buffer.WrittenSpan;

        public void Dispose() => buffer.Dispose();
    }

    /// <summary>
    /// Reads decrypted bytes as Node does: a leading BOM dropped, invalid UTF-8 replaced by U+FFFD, an empty
    /// plaintext or <c>null</c> read as <c>{}</c>, duplicate keys resolved last-wins. For the pre-v6 layout (no
    /// <c>~2</c>) the data is the <c>persistent</c> member, as iron-session 8 returns it. False when the bytes are not
    /// JSON that <typeparamref name="T"/> can be read from: <paramref name="error"/> says why (its
    /// <see cref="JsonException.Path"/> names the member when the deserializer knows it).
    /// </summary>
    public static bool TryRead<T>(
        ReadOnlySpan<byte> plaintext, bool version2, JsonTypeInfo<T> typeInfo, [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out JsonException? error) =>
        TryRead(plaintext, version2, typeInfo, keysKnownUnique: false, out _, out value, out error);

    /// <summary>
    /// As above. <paramref name="keysKnownUnique"/> skips the duplicate-key scan for bytes already found free of
    /// repeated keys; <paramref name="keysUnique"/> says whether these bytes (in the <c>~2</c> layout) are.
    /// </summary>
    public static bool TryRead<T>(
        ReadOnlySpan<byte> plaintext, bool version2, JsonTypeInfo<T> typeInfo, bool keysKnownUnique, out bool keysUnique,
        [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out JsonException? error)
    {
        keysUnique = false;
        value = default;
        error = null;
        byte[]? repaired = null;
        if (plaintext.StartsWith("\uFEFF"u8))
        {
            plaintext = plaintext[3..];
        }

        if (!Utf8.IsValid(plaintext))
        {
            repaired = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(plaintext));
            plaintext = repaired;
        }

        try
        {
            if (plaintext.IsEmpty)
            {
                plaintext = "{}"u8;
            }

            JsonReaderOptions readerOptions = ReaderOptions(typeInfo.Options);
            if (!version2)
            {
                repaired = UnwrapPersistent(plaintext, readerOptions);
                plaintext = repaired;
            }

            bool duplicates = !(version2 && keysKnownUnique) && MayHaveDuplicateKeys(plaintext, readerOptions);
            keysUnique = version2 && !duplicates;
            value = Deserialize(plaintext, duplicates, typeInfo) ?? Deserialize("{}"u8, typeInfo);
            if (value is null)
            {
                error = new JsonException($"The JSON holds null, and {typeof(T).Name} cannot be read from {{}}.");
                return false;
            }

            return true;
        }
        catch (JsonException exception)
        {
            error = exception;
            return false;
        }
        catch (Exception exception)
        {
            // What else a converter or constructor throws for data it refuses (NotSupportedException, FormatException, …).
            error = new JsonException(exception.Message, exception);
            return false;
        }
        finally
        {
            if (repaired is not null)
            {
                Array.Clear(repaired);
            }
        }
    }

    private static T? Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo) =>
        Deserialize(json, MayHaveDuplicateKeys(json, ReaderOptions(typeInfo.Options)), typeInfo);

    /// <summary>
    /// What the deserializer accepts (depth, comments, trailing commas), so that the duplicate-key scan and the rewrites
    /// read every payload the deserializer will: a scan that stopped early (e.g. past depth 64 under a larger
    /// <see cref="JsonSerializerOptions.MaxDepth"/>) would report no repeated key and skip the last-wins rewrite.
    /// </summary>
    private static JsonReaderOptions ReaderOptions(JsonSerializerOptions options) => new()
    {
        MaxDepth = options.MaxDepth,
        CommentHandling = options.ReadCommentHandling,
        AllowTrailingCommas = options.AllowTrailingCommas,
    };

    private static T? Deserialize<T>(ReadOnlySpan<byte> json, bool mayHaveDuplicateKeys, JsonTypeInfo<T> typeInfo)
    {
        // JSON.parse keeps the last of duplicate keys; JsonObject throws for them (lazily, on first access), so
        // such payloads are rewritten last-wins first. Only password holders can produce them: this is rare.
        if (mayHaveDuplicateKeys)
        {
            byte[] deduplicated = Rewrite(json, ReaderOptions(typeInfo.Options), static (writer, root) => WriteLastWins(writer, root));
            try
            {
                return JsonSerializer.Deserialize(deduplicated, typeInfo);
            }
            finally
            {
                Array.Clear(deduplicated);
            }
        }

        return JsonSerializer.Deserialize(json, typeInfo);
    }

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

    /// <summary>JavaScript's conventions (camelCase, case-insensitive reading), made once, on first reflection-based use.</summary>
    [RequiresUnreferencedCode("Reflection-based JSON.")]
    [RequiresDynamicCode("Reflection-based JSON.")]
    private static class ReflectionDefaults
    {
        public static readonly JsonSerializerOptions Options = Create();

        private static JsonSerializerOptions Create()
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            options.MakeReadOnly(populateMissingResolver: true);
            return options;
        }
    }
}
