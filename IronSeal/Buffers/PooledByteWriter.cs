using System.Buffers;

namespace IronSeal;

/// <summary>An <see cref="IBufferWriter{T}"/> over pooled arrays, cleared when returned (it may hold session data).</summary>
/// <remarks>Growth rents the size needed; the pool rounds it up to a power of two, which already doubles the buffer.</remarks>
internal sealed class PooledByteWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public PooledByteWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>The length of the array in use; 0 once disposed (for tests of the buffer policy).</summary>
    internal int Capacity => _buffer.Length;

    public void Advance(int count) => _written += count;

    /// <summary>Forgets the last <paramref name="count"/> bytes written (the JSON splice replaces a closing brace).</summary>
    internal void Unwrite(int count) => _written -= count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Wipes and returns the array. Call once (every owner disposes with <c>using</c>).</summary>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        _buffer = [];
    }

    private void EnsureFree(int sizeHint)
    {
        int needed = _written + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(needed);
            WrittenSpan.CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
            _buffer = larger;
        }
    }
}
