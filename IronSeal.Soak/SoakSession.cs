namespace IronSeal.Soak;

/// <summary>A soak client's session: its own id and a counter it increments on every request.</summary>
public sealed class SoakSession
{
    public string? Client { get; set; }

    public int Count { get; set; }
}
