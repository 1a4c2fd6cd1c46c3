namespace IronSeal.Soak;

/// <summary>How long and how hard a soak runs.</summary>
public sealed record SoakOptions
{
    /// <summary>The whole run, warm-up included. The rotation's three steps happen at 30 %, 50 % and 70 % of it.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Warm-up before the first heap measurement: 15 % of the duration by default.</summary>
    public TimeSpan? Warmup { get; init; }

    /// <summary>Clients that send requests all the time, alternating between the two instances.</summary>
    public int ActiveClients { get; init; } = 32;

    /// <summary>
    /// Clients that write their session once during warm-up (sealed with the old password) and stay idle across the
    /// rotation: after the old password is removed, their session must come back empty.
    /// </summary>
    public int IdleClients { get; init; } = 4;

    /// <summary>Progress lines (steps, heap figures); null for none.</summary>
    public TextWriter? Log { get; init; }
}
