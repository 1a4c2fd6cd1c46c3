using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace IronSeal;

/// <summary>Reading a seal's plaintext as JSON.parse would: the deserializer with Node's rules around it.</summary>
internal static partial class JsonPayload
{
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
}
