using System.Globalization;

namespace IronSeal.Soak;

/// <summary>What a soak run saw.</summary>
public sealed record SoakResult
{
    /// <summary>Requests the active clients completed and checked.</summary>
    public required long Requests { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>Failed requests: transport errors and status codes other than 200 (the first few, described).</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>Reads that came back empty although the client had written its session (and no removed password was involved).</summary>
    public required long Lost { get; init; }

    /// <summary>Reads that came back with another client's id, or with a counter other than the last written.</summary>
    public required long Crossed { get; init; }

    /// <summary>Idle sessions sealed only with the removed password that came back empty, as they must.</summary>
    public required int EmptiedByRotation { get; init; }

    /// <summary>Idle sessions sealed only with the removed password that did NOT come back empty (must be zero).</summary>
    public required int SurvivedRemoval { get; init; }

    /// <summary>Idle sessions sealed with the old password, replayed while it was still known (after the switch to the new one): must read back whole.</summary>
    public required int OldSealsReadAfterSwitch { get; init; }

    /// <summary>Configuration reloads each instance applied (three per rotation).</summary>
    public required IReadOnlyList<int> ReloadsApplied { get; init; }

    /// <summary>GC heap after a forced full collection at the end of the warm-up, in bytes.</summary>
    public required long HeapAfterWarmup { get; init; }

    /// <summary>GC heap after a forced full collection at the end, in bytes.</summary>
    public required long HeapAtEnd { get; init; }

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>End heap over warm-up heap, minus one: −0.05 is 5 % smaller.</summary>
    public double HeapChange => (double)HeapAtEnd / HeapAfterWarmup - 1;

    public bool Passed(int idleClients) =>
        Errors.Count == 0 && Lost == 0 && Crossed == 0 && EmptiedByRotation == idleClients && SurvivedRemoval == 0
        && OldSealsReadAfterSwitch == idleClients && Math.Abs(HeapChange) <= 0.10;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Requests:N0} requests in {Elapsed.TotalSeconds:0.0} s ({RequestsPerSecond:N0}/s), {Errors.Count} errors, {Lost} lost, {Crossed} crossed; " +
        $"idle sessions of the removed password emptied {EmptiedByRotation} (survived {SurvivedRemoval}), old seals read after the switch {OldSealsReadAfterSwitch}; " +
        $"reloads applied [{string.Join(", ", ReloadsApplied)}]; GC heap {HeapAfterWarmup / 1024.0:N0} KB after warm-up, {HeapAtEnd / 1024.0:N0} KB at the end ({HeapChange:+0.0%;-0.0%})");
}
