using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IronSeal.Benchmarks.Http;

/// <summary>
/// <c>h3-flood --duration SECONDS [--flood-connections N] [--user-connections N]</c>: a signed-in user's latency on an
/// h3 2.x endpoint while other clients send forged h3 2.x cookies, each of which costs a full 8192-round key derivation
/// before its MAC can be checked. Three phases on one Kestrel app: the user alone; the user beside the flood with the
/// derivation gate lifted (as before it existed); the user beside the flood with the gate at its default.
/// </summary>
public static class H3FloodBenchmark
{
    private const string CookieName = "h3";

    public static async Task RunAsync(string[] args)
    {
        double duration = Option(args, "--duration", 10);
        int floodConnections = (int)Option(args, "--flood-connections", 16);
        int userConnections = (int)Option(args, "--user-connections", 4);
        Wrk.EnsureInstalled();

        await using WebApplication app = await StartAsync();
        Uri address = new(app.Urls.Single());
        string user = $"{CookieName}={await SignedInSealAsync()}";
        string forged = $"{CookieName}={ForgedSeal()}";
        await CheckAsync(address, user, expectUser: true);
        await CheckAsync(address, forged, expectUser: false);

        var userScenario = new HttpScenario("h3-user", address, user, InProcess: true);
        var floodScenario = new HttpScenario("h3-forged", address, forged, InProcess: true);
        string scripts = Directory.CreateTempSubdirectory("ironseal-h3-flood-").FullName;
        int limit = DerivationGate.Limit;
        try
        {
            Wrk.Run(userScenario, 2, userConnections, 1, scripts); // warm-up
            Console.WriteLine($"h3-flood: user {userConnections} connections, flood {floodConnections} connections, {duration:0.#} s per phase; gate limit {limit} of {Environment.ProcessorCount} cores");
            Console.WriteLine();
            Console.WriteLine("| phase | user req/s | user p50 ms | user p99 ms | forged req/s | forged p99 ms |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");

            Report("user alone", Wrk.Run(userScenario, duration, userConnections, 1, scripts), null);

            DerivationGate.Limit = int.MaxValue;
            (Wrk.Result lifted, Wrk.Result liftedFlood) = await BesideFloodAsync(userScenario, floodScenario, duration, userConnections, floodConnections, scripts);
            Report("flood, no gate (before)", lifted, liftedFlood);

            DerivationGate.Limit = limit;
            (Wrk.Result gated, Wrk.Result gatedFlood) = await BesideFloodAsync(userScenario, floodScenario, duration, userConnections, floodConnections, scripts);
            Report($"flood, gate of {limit} (after)", gated, gatedFlood);
        }
        finally
        {
            DerivationGate.Limit = limit;
            Directory.Delete(scripts, recursive: true);
        }
    }

    private static async Task<(Wrk.Result User, Wrk.Result Flood)> BesideFloodAsync(
        HttpScenario user, HttpScenario flood, double duration, int userConnections, int floodConnections, string scripts)
    {
        // The flood starts first and outlasts the user's run, so every measured request meets it.
        Task<Wrk.Result> floodRun = Task.Run(() => Wrk.Run(flood, duration + 2, floodConnections, 1, scripts));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Wrk.Result userRun = await Task.Run(() => Wrk.Run(user, duration, userConnections, 1, scripts));
        return (userRun, await floodRun);
    }

    private static void Report(string phase, Wrk.Result user, Wrk.Result? flood) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {phase} | {user.Requests / user.Seconds:N0} | {user.P50Micros / 1000:0.00} | {user.P99Micros / 1000:0.00} | {(flood is null ? "" : (flood.Requests / flood.Seconds).ToString("N0", CultureInfo.InvariantCulture))} | {(flood is null ? "" : (flood.P99Micros / 1000).ToString("0.00", CultureInfo.InvariantCulture))} |"));

    private static H3SessionOptions Options() =>
        new() { Name = CookieName, Password = Payloads.Password, Version = H3Version.V2 };

    private static async Task<WebApplication> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddH3Session(BenchJsonContext.Default.BenchSession, settings =>
        {
            settings.Name = CookieName;
            settings.Password = Payloads.Password;
            settings.Version = H3Version.V2;
        });
        WebApplication app = builder.Build();
        app.MapGet("/", static (H3Session<BenchSession> session) => session.IsNew ? "anonymous" : session.Data.UserId);
        await app.StartAsync();
        return app;
    }

    /// <summary>An h3 2.x session for the benchmark's user, sealed as the app seals it.</summary>
    private static async Task<string> SignedInSealAsync()
    {
        var store = new HeaderCookieStore(null);
        H3Session<BenchSession> session = await H3Session.GetAsync(store, Options(), BenchJsonContext.Default.BenchSession);
        session.Data = Payloads.Create(Payload.Small);
        await session.SaveAsync();
        string header = store.SetCookieHeaders.Single();
        return header[(CookieName.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>A well-formed seal with random salts and a wrong MAC: what an attacker without the password sends.</summary>
    private static string ForgedSeal()
    {
        static string Hex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        static string B64(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
        return $"Fe26.2*1*{Hex()}*{B64(16)}*{B64(64)}**{Hex()}*{B64(32)}";
    }

    private static async Task CheckAsync(Uri address, string cookie, bool expectUser)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Add("Cookie", cookie);
        string body = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        if (body != (expectUser ? BenchApps.Answer : "anonymous"))
        {
            throw new InvalidOperationException($"h3-flood: the {(expectUser ? "user's" : "forged")} cookie answered \"{body}\".");
        }
    }

    private static double Option(string[] args, string name, double fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
