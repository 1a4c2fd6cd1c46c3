using System.Globalization;
using System.Runtime;
using IronSeal.Soak;

namespace IronSeal.Benchmarks;

/// <summary><c>soak --minutes N [--clients N] [--idle N]</c>: the long soak (the test suite runs 30 seconds of the same engine).</summary>
public static class SoakCommand
{
    public static async Task<bool> RunAsync(string[] args)
    {
        double minutes = Option(args, "--minutes", 10);
        var options = new SoakOptions
        {
            Duration = TimeSpan.FromMinutes(minutes),
            ActiveClients = (int)Option(args, "--clients", 32),
            IdleClients = (int)Option(args, "--idle", 4),
            Log = Console.Out,
        };
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"soak: {minutes:0.#} min, {options.ActiveClients} active and {options.IdleClients} idle clients, two instances, {Environment.ProcessorCount} logical cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC"));
        SoakResult result = await SoakRun.RunAsync(options);
        Console.WriteLine("soak: " + result);
        foreach (string error in result.Errors.Take(20))
        {
            Console.WriteLine("soak: error: " + error);
        }

        bool passed = result.Passed(options.IdleClients);
        Console.WriteLine(passed ? "soak: PASSED" : "soak: FAILED");
        return passed;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
