using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace IronSeal;

/// <summary>
/// Turns session data into the JSON that goes inside a seal and back, with the semantics of Node's
/// <c>JSON.stringify</c> / <c>TextDecoder</c> + <c>JSON.parse</c> where .NET would differ.
/// </summary>
internal static partial class JsonPayload
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
    /// does, then appends <paramref name="extras"/> (the session layer's own members, whose names start with
    /// <paramref name="reservedPrefix"/>: kept members of that spelling are dropped, these written instead).
    /// </summary>
    public static JsonLease WriteSession<T>(T value, JsonTypeInfo<T> typeInfo, byte[]? kept, ReadOnlySpan<byte> reservedPrefix = default, ReadOnlySpan<ExtraMember> extras = default)
    {
        var buffer = new PooledByteWriter();
        try
        {
            WriteSession(buffer, value, typeInfo, kept, reservedPrefix);
            if (!extras.IsEmpty)
            {
                AppendMembers(buffer, extras);
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
    /// <paramref name="ignored"/>: the prefix of top-level members of the read JSON that the caller writes itself.
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
    /// <see cref="WriteSession{T}(T, JsonTypeInfo{T}, byte[], ReadOnlySpan{byte}, ReadOnlySpan{ExtraMember})"/> to write back; otherwise null (nothing to keep, nothing copied).
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

    /// <summary>One integer member to append to a JSON object.</summary>
    internal readonly struct ExtraMember(byte[] name, long value)
    {
        public byte[] Name { get; } = name;

        public long Value { get; } = value;
    }

    /// <summary>Turns the object just written, <c>{…}</c>, into <c>{…,"name":value,…}</c>.</summary>
    /// <exception cref="InvalidOperationException">The data was not written as a JSON object.</exception>
    private static void AppendMembers(PooledByteWriter buffer, ReadOnlySpan<ExtraMember> extras)
    {
        ReadOnlySpan<byte> written = buffer.WrittenSpan;
        if (written.Length < 2 || written[0] != (byte)'{' || written[^1] != (byte)'}')
        {
            throw new InvalidOperationException("Session data with a lifetime of its own (an absolute lifetime, an end, a browser-session cookie) must be written as a JSON object.");
        }

        bool empty = written.Length == 2;
        buffer.Unwrite(1); // the closing brace, written again after the members
        foreach (ExtraMember extra in extras)
        {
            Span<byte> tail = buffer.GetSpan(extra.Name.Length + 25);
            int length = 0;
            if (!empty)
            {
                tail[length++] = (byte)',';
            }

            empty = false;
            tail[length++] = (byte)'"';
            extra.Name.CopyTo(tail[length..]);
            length += extra.Name.Length;
            tail[length++] = (byte)'"';
            tail[length++] = (byte)':';
            extra.Value.TryFormat(tail[length..], out int digits, default, CultureInfo.InvariantCulture);
            buffer.Advance(length + digits);
        }

        buffer.GetSpan(1)[0] = (byte)'}';
        buffer.Advance(1);
    }

    /// <summary>
    /// The top-level member <paramref name="name"/> of a JSON object as an integer; null when it is absent, not an
    /// integer, or the JSON is not an object. Nested objects are skipped. The last occurrence wins, as in JSON.parse.
    /// </summary>
    internal static long? ReadTopLevelInt64(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        Span<long?> value = [null];
        ReadTopLevelInt64s(json, [name.ToArray()], value);
        return value[0];
    }

    /// <summary>
    /// The top-level members <paramref name="names"/> of a JSON object as integers, into <paramref name="values"/> (null
    /// where absent or not an integer; all null when the JSON is not an object). Nested objects are skipped. The last
    /// occurrence wins, as in JSON.parse.
    /// </summary>
    internal static void ReadTopLevelInt64s(ReadOnlySpan<byte> json, ReadOnlySpan<byte[]> names, Span<long?> values)
    {
        values.Clear();
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int match = -1;
                for (int i = 0; i < names.Length && match < 0; i++)
                {
                    match = reader.ValueTextEquals(names[i]) ? i : -1;
                }

                reader.Read();
                if (match >= 0)
                {
                    values[match] = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? value : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            values.Clear();
        }
    }

    /// <summary>The JSON just written; dispose to wipe it and give the buffer back.</summary>
    internal readonly struct JsonLease(PooledByteWriter buffer) : IDisposable
    {
        public ReadOnlySpan<byte> Bytes => buffer.WrittenSpan;

        public void Dispose() => buffer.Dispose();
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
