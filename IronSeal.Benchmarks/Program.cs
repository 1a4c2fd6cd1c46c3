using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using IronSeal.Benchmarks;
using IronSeal.Benchmarks.Http;

// dotnet run -c Release --project IronSeal.Benchmarks -- --filter '*'            all scenarios
// dotnet run -c Release --project IronSeal.Benchmarks -- --filter '*Unseal*'     one scenario
// dotnet run -c Release --project IronSeal.Benchmarks -- throughput [seconds]    seals/s and unseals/s on 1 and 2 threads
// dotnet run -c Release --project IronSeal.Benchmarks -- http --duration 10 --json out.json    Kestrel and Node under wrk
// dotnet run -c Release --project IronSeal.Benchmarks -- soak --minutes 10      two instances, a password rotation, 32 clients
// dotnet run -c Release --project IronSeal.Benchmarks -- h3-flood --duration 10  a user's latency beside forged h3 2.x cookies
if (args.Length > 0 && args[0] == "throughput")
{
    Throughput.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

if (args.Length > 0 && args[0] == "http")
{
    await HttpBenchmark.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "h3-flood")
{
    await H3FloodBenchmark.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "soak")
{
    Environment.ExitCode = await SoakCommand.RunAsync(args[1..]) ? 0 : 1;
    return;
}

// One launch, 5 warm-ups, 15 measured iterations: a few seconds per case on a 2-core machine.
IConfig config = DefaultConfig.Instance.AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(15).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(SealBenchmarks).Assembly).Run(args, config);
