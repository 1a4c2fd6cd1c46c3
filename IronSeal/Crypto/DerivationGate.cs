namespace IronSeal;

/// <summary>
/// Bounds how many strengthened key derivations (h3 2.x's 8192 PBKDF2 rounds, about 3.7 ms of a core each) run at
/// once for seals not yet verified. Every forged h3 2.x cookie costs one before its MAC can be checked, so without a
/// bound a flood of them takes every core; with it, the flood takes at most <see cref="Limit"/> cores and the other
/// requests (cached sessions, other endpoints) keep the rest.
/// </summary>
/// <remarks>
/// Nobody waits: a caller that finds the gate full is refused at once (the seal layer reports it as busy),
/// so no thread-pool thread blocks behind a flood. Seals whose MAC verified, and sealing, are never gated.
/// </remarks>
internal static class DerivationGate
{
    private static int s_running;

    /// <summary>How many gated derivations may run at once: half the cores, at least one.</summary>
    public static int Limit { get; internal set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Takes a place, or returns false when <see cref="Limit"/> derivations are running.</summary>
    public static bool TryEnter()
    {
        if (Interlocked.Increment(ref s_running) <= Limit)
        {
            return true;
        }

        Interlocked.Decrement(ref s_running);
        return false;
    }

    /// <summary>Gives back a place taken by <see cref="TryEnter"/>.</summary>
    public static void Exit() => Interlocked.Decrement(ref s_running);
}
