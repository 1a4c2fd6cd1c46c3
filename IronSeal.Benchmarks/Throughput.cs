using System.Diagnostics;

namespace IronSeal.Benchmarks;

/// <summary>Operations per second with 1 and 2 threads, each thread working on its own seals with shared options.</summary>
public static class Throughput
{
    public static void Run(double seconds)
    {
        var options = new SealOptions { Password = Payloads.Password };
        BenchSession session = Payloads.Create(Payload.Small);
        string[] seals = [.. Enumerable.Range(0, 50_000).Select(_ => Iron.Seal(session, BenchJsonContext.Default.BenchSession, options))];
        Console.WriteLine($"| operation | threads | ops/s | µs/op per thread |");
        Console.WriteLine($"| --- | --- | --- | --- |");
        foreach (int threads in new[] { 1, 2 })
        {
            Report("Seal (small)", threads, Measure(threads, seconds, _ => Iron.Seal(session, BenchJsonContext.Default.BenchSession, options)));
            Report("Unseal (small, each seal new)", threads, Measure(threads, seconds, i => Iron.Unseal(seals[i % seals.Length], BenchJsonContext.Default.BenchSession, options)));
            Report("Unseal (small, same seal again)", threads, Measure(threads, seconds, _ => Iron.Unseal(seals[0], BenchJsonContext.Default.BenchSession, options)));
        }
    }

    private static (long Operations, double Seconds) Measure(int threads, double seconds, Action<int> operation)
    {
        long total = 0;
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            long count = 0;
            int index = thread * 7919;
            while (stopwatch.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < 64; i++)
                {
                    operation(index++);
                }

                count += 64;
            }

            Interlocked.Add(ref total, count);
        });
        return (total, stopwatch.Elapsed.TotalSeconds);
    }

    private static void Report(string name, int threads, (long Operations, double Seconds) result)
    {
        double perSecond = result.Operations / result.Seconds;
        Console.WriteLine($"| {name} | {threads} | {perSecond:N0} | {threads * 1e6 / perSecond:F2} |");
    }
}
