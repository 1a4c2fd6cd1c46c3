using System.Security.Cryptography;

namespace IronSeal;

/// <summary>
/// Random bytes for salts and IVs from a per-thread buffer refilled by <see cref="RandomNumberGenerator"/>: one
/// native call per 4 KB instead of one per seal (measured: a call costs about as much as a whole key derivation).
/// Salts and IVs are written in clear into every seal; what matters is that they are unpredictable, which the
/// system CSPRNG's output remains while it waits in this thread's memory. Used bytes are wiped from the buffer.
/// </summary>
internal static class RandomBytes
{
    private const int BufferSize = 4096;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_used;

    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BufferSize / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        byte[]? buffer = t_buffer;
        if (buffer is null || BufferSize - t_used < destination.Length)
        {
            // Stryker disable once all : a new buffer per refill costs memory, not randomness
            buffer ??= t_buffer = new byte[BufferSize];
            RandomNumberGenerator.Fill(buffer);
            t_used = 0;
        }

        Span<byte> take = buffer.AsSpan(t_used, destination.Length);
        take.CopyTo(destination);
        take.Clear();
        t_used += destination.Length;
    }
}
