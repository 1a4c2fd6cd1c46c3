using System.Buffers;

namespace IronSeal;

/// <summary>The decrypted bytes of a seal, in a pooled array that is cleared when given back.</summary>
internal readonly struct Plaintext(byte[] buffer, int length, bool version2, long expiresAt) : IDisposable
{
    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, length);

    /// <summary>True for iron-session's <c>~2</c> seals; false for the pre-v6 layout whose data sits in <c>persistent</c>.</summary>
    public bool IsVersion2 { get; } = version2;

    /// <summary>The seal's expiration in ms since the epoch, or 0 when it never expires.</summary>
    public long ExpiresAt { get; } = expiresAt;

    /// <summary>Wipes the bytes and gives the array back. Only an opened seal's plaintext is disposed, exactly once.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
}
