using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>The decrypted bytes of a seal, in a pooled array that is cleared when given back.</summary>
internal readonly struct Plaintext(byte[] buffer, int length, bool version2, long expiresAt, OpenedSealCache.Entry? kept = null) : IDisposable
{
    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, length);

    /// <summary>True when these bytes were read before and no object in them repeats a key.</summary>
    public bool KeysKnownUnique => kept?.KeysUnique == true;

    /// <summary>Records that no object in these bytes repeats a key, for the next open of the same seal.</summary>
    public void MarkKeysUnique()
    {
        if (kept is not null)
        {
            kept.KeysUnique = true;
        }
    }

    /// <summary>
    /// True when the seal carried iron-session's <c>~2</c> (read as iron-session 8 reads it). Outside the MAC, so it
    /// selects the pre-v6 <c>persistent</c> layout only for options that opt in to it.
    /// </summary>
    public bool IsVersion2 { get; } = version2;

    /// <summary>The seal's expiration in ms since the epoch, or 0 when it never expires.</summary>
    public long ExpiresAt { get; } = expiresAt;

    /// <summary>
    /// Reads the bytes as <typeparamref name="T"/>: the whole JSON, or with <paramref name="legacyLayout"/> and no
    /// <c>~2</c> the pre-v6 <c>persistent</c> member. Null, or <see cref="SealError.InvalidJson"/> with the JSON error.
    /// </summary>
    public SealError? TryRead<T>(JsonTypeInfo<T> typeInfo, bool legacyLayout, out SealException? detail, out T? value)
    {
        detail = null;
        if (!JsonPayload.TryRead(Bytes, !(legacyLayout && !IsVersion2), typeInfo, KeysKnownUnique, out bool keysUnique, out value, out JsonException? error))
        {
            detail = SealException.ForJson(typeof(T), error);
            return SealError.InvalidJson;
        }

        if (keysUnique)
        {
            MarkKeysUnique();
        }

        return null;
    }

    /// <summary>Wipes the bytes and gives the array back. Only an opened seal's plaintext is disposed, exactly once.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
}
