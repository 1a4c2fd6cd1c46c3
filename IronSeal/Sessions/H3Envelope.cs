using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// What h3 seals: <c>{"id":…,"createdAt":…,"data":{…}}</c>, plus <c>"lastSeenAt"</c> in h3 2.x with an idle timeout,
/// written in that order (h3 seals its session object with <c>JSON.stringify</c>).
/// </summary>
internal static class H3Envelope
{
    /// <summary>The envelope as compact JSON, escaped as <c>JSON.stringify</c> escapes; dispose the writer to wipe it.</summary>
    /// <remarks>
    /// <c>data</c> is written as session data is (<see cref="JsonPayload.WriteSession{T}(PooledByteWriter, T, JsonTypeInfo{T}, byte[], ReadOnlySpan{byte})"/>):
    /// null members left out, and the members of <paramref name="kept"/> that <typeparamref name="T"/> does not model
    /// written back.
    /// </remarks>
    public static PooledByteWriter Write<T>(string id, long createdAt, T data, long? lastSeenAt, JsonTypeInfo<T> typeInfo, byte[]? kept = null)
    {
        var buffer = new PooledByteWriter();
        using var dataJson = new PooledByteWriter();
        try
        {
            JsonPayload.WriteSession(dataJson, data, typeInfo, kept);
            using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
            {
                Encoder = typeInfo.Options.Encoder ?? StringifyEncoder.Instance,
                Indented = false,
                MaxDepth = typeInfo.Options.MaxDepth,
            });
            writer.WriteStartObject();
            writer.WriteString("id"u8, id);
            writer.WriteNumber("createdAt"u8, createdAt);
            writer.WritePropertyName("data"u8);
            writer.WriteRawValue(dataJson.WrittenSpan, skipInputValidation: true);
            if (lastSeenAt is { } seen)
            {
                writer.WriteNumber("lastSeenAt"u8, seen);
            }

            writer.WriteEndObject();
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads an opened envelope as h3 does: a session needs a non-empty string <c>id</c>; <c>createdAt</c> and
    /// <c>lastSeenAt</c> are numbers (0 when absent, which h3 treats as "long ago"); <c>data</c> absent or null is empty.
    /// Duplicate members: the last wins, as in <c>JSON.parse</c>.
    /// </summary>
    /// <exception cref="SealException">With <see cref="SealError.InvalidJson"/>: not an h3 session.</exception>
    /// <param name="plaintext">The opened seal.</param>
    /// <param name="typeInfo">How to read <c>data</c>.</param>
    /// <param name="kept"><c>data</c> as read, when it holds members <typeparamref name="T"/> does not model (for the next save).</param>
    /// <param name="found">What the scan of <c>data</c> against <typeparamref name="T"/> found.</param>
    public static (string Id, long CreatedAt, long LastSeenAt, T Data) Read<T>(ReadOnlySpan<byte> plaintext, JsonTypeInfo<T> typeInfo, out byte[]? kept, out KeptMembers.Found found)
    {
        kept = null;
        found = default;
        if (plaintext.StartsWith("\uFEFF"u8))
        {
            plaintext = plaintext[3..];
        }

        string? id = null;
        long createdAt = 0;
        long lastSeenAt = 0;
        byte[]? data = null;
        try
        {
            var reader = new Utf8JsonReader(plaintext);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid("the sealed JSON is not an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "id":
                        id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case "createdAt":
                        createdAt = ReadTime(ref reader);
                        break;
                    case "lastSeenAt":
                        lastSeenAt = ReadTime(ref reader);
                        break;
                    case "data":
                        if (data is not null)
                        {
                            Array.Clear(data);
                        }

                        int start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        data = plaintext[start..(int)reader.BytesConsumed].ToArray();
                        continue;
                }

                reader.Skip();
            }
        }
        catch (JsonException exception)
        {
            throw new SealException(SealError.InvalidJson, $"{SealException.DescribeReason(SealError.InvalidJson)} (h3 session: {exception.Message})", exception);
        }

        if (string.IsNullOrEmpty(id))
        {
            throw Invalid("it has no id");
        }

        try
        {
            if (!JsonPayload.TryRead(data ?? "{}"u8, version2: true, typeInfo, out T? value, out JsonException? error))
            {
                throw SealException.ForJson(typeof(T), error);
            }

            if (data is not null)
            {
                kept = JsonPayload.KeepUnmodelled(data, typeInfo, out found);
            }

            return (id, createdAt, lastSeenAt, value);
        }
        finally
        {
            if (data is not null)
            {
                Array.Clear(data);
            }
        }
    }

    /// <summary>A number as whole ms (JavaScript's <c>Date.now()</c>); anything else is 0, which h3's checks treat as expired.</summary>
    private static long ReadTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            return 0;
        }

        return reader.TryGetInt64(out long whole) ? whole : reader.TryGetDouble(out double value) && double.IsFinite(value) ? (long)Math.Clamp(value, long.MinValue, long.MaxValue) : 0;
    }

    private static SealException Invalid(string why) =>
        new(SealError.InvalidJson, $"{SealException.DescribeReason(SealError.InvalidJson)} (not an h3 session: {why}).");
}
