using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IronSeal.Soak;

/// <summary>
/// The soak: two Kestrel instances of a session app (in this process, on 127.0.0.1) share one reloadable configuration;
/// active clients, each with its own session (its id and a counter), alternate between them and check on every request
/// that they read back exactly what they last wrote; mid-run the fleet rotates its password in three reloads (add "2"
/// while "1" still seals, seal with "2", remove "1"). Idle clients sealed with "1" check that the old seal still opens
/// after the switch and comes back empty once "1" is removed. The GC heap is measured after a forced full collection at
/// the end of the warm-up and at the end.
/// </summary>
public static class SoakRun
{
    public const string OldPassword = "soak-old-password-0123456789abcdefghijklmnop";
    public const string NewPassword = "soak-new-password-0123456789abcdefghijklmnop";
    private const string CookieName = "soak";

    public static async Task<SoakResult> RunAsync(SoakOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TextWriter log = options.Log ?? TextWriter.Null;
        TimeSpan duration = options.Duration;
        TimeSpan warmup = options.Warmup ?? duration * 0.15;
        var configuration = new SharedConfiguration(new Dictionary<string, string?>
        {
            ["IronSession:CookieName"] = CookieName,
            ["IronSession:Passwords:1"] = OldPassword,
            ["IronSession:Cookie:Secure"] = "false",
        });
        var reloads = new ReloadCounter[] { new(), new() };
        await using WebApplication a = await StartAsync(configuration, reloads[0]);
        await using WebApplication b = await StartAsync(configuration, reloads[1]);
        Uri[] fleet = [AddressOf(a), AddressOf(b)];

        var tally = new Tally();
        using var stop = new CancellationTokenSource();
        ActiveClient[] clients = [.. Enumerable.Range(0, options.ActiveClients).Select(i => new ActiveClient($"c{i}", fleet, tally))];
        IdleClient[] idle = [.. Enumerable.Range(0, options.IdleClients).Select(i => new IdleClient($"idle{i}", fleet[i % fleet.Length]))];
        var clock = Stopwatch.StartNew();
        foreach (IdleClient client in idle)
        {
            await client.WriteAsync(tally);
        }

        Task[] running = [.. clients.Select(c => Task.Run(() => c.RunAsync(stop.Token)))];
        long heapAfterWarmup;
        int oldSealsRead = 0, emptied = 0, survived = 0;
        try
        {
            await DelayUntilAsync(clock, warmup);
            heapAfterWarmup = Heap();
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: warm-up done at {clock.Elapsed.TotalSeconds:0} s, {tally.Requests:N0} requests, GC heap {heapAfterWarmup / 1024:N0} KB"));

            await DelayUntilAsync(clock, duration * 0.3);
            configuration.Apply(("IronSession:Passwords:2", NewPassword), ("IronSession:SealingPasswordId", "1"));
            await WaitForProgressAsync(clients);
            log.WriteLine($"soak: step 1 at {clock.Elapsed.TotalSeconds:0} s: password 2 known, 1 still seals");

            await DelayUntilAsync(clock, duration * 0.5);
            configuration.Apply(("IronSession:SealingPasswordId", null));
            await WaitForProgressAsync(clients);
            foreach (IdleClient client in idle)
            {
                oldSealsRead += await client.ReadsBackAsync(tally) ? 1 : 0;
            }

            log.WriteLine($"soak: step 2 at {clock.Elapsed.TotalSeconds:0} s: password 2 seals; {oldSealsRead} of {idle.Length} idle seals of password 1 still open");

            await DelayUntilAsync(clock, duration * 0.7);
            configuration.Apply(("IronSession:Passwords:1", null));
            await WaitForProgressAsync(clients);
            foreach (IdleClient client in idle)
            {
                if (await client.ComesBackEmptyAsync(fleet, tally))
                {
                    emptied++;
                }
                else
                {
                    survived++;
                }
            }

            log.WriteLine($"soak: step 3 at {clock.Elapsed.TotalSeconds:0} s: password 1 removed; {emptied} of {idle.Length} idle sessions came back empty");
            await DelayUntilAsync(clock, duration);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
        }

        long heapAtEnd = Heap();
        foreach (ActiveClient client in clients)
        {
            client.Dispose();
        }

        return new SoakResult
        {
            Requests = tally.Requests,
            Elapsed = clock.Elapsed,
            Errors = [.. tally.Errors],
            Lost = tally.Lost,
            Crossed = tally.Crossed,
            EmptiedByRotation = emptied,
            SurvivedRemoval = survived,
            OldSealsReadAfterSwitch = oldSealsRead,
            ReloadsApplied = [.. reloads.Select(r => r.Count)],
            HeapAfterWarmup = heapAfterWarmup,
            HeapAtEnd = heapAtEnd,
        };
    }

    private static async Task<WebApplication> StartAsync(SharedConfiguration configuration, ReloadCounter reloads)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Configuration.Sources.Add(configuration);
        builder.Logging.ClearProviders().AddProvider(reloads);
        builder.Services.AddIronSession(SoakJsonContext.Default.SoakSession);
        WebApplication app = builder.Build();
        app.MapPost("/visit", static async (IronSession<SoakSession> session, string client) =>
        {
            string read = string.Create(CultureInfo.InvariantCulture, $"{session.Data.Client}:{session.Data.Count}");
            session.Data.Client ??= client;
            session.Data.Count++;
            await session.SaveAsync();
            return read;
        });
        await app.StartAsync();
        return app;
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Urls.Single());

    /// <summary>The GC heap after a forced, compacting full collection (finalizers run, then collected again).</summary>
    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task DelayUntilAsync(Stopwatch clock, TimeSpan at)
    {
        TimeSpan left = at - clock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    /// <summary>Every active client completes two more requests: each has read and re-sealed under the new settings.</summary>
    private static async Task WaitForProgressAsync(ActiveClient[] clients)
    {
        long[] start = [.. clients.Select(c => c.Requests)];
        var timeout = Stopwatch.StartNew();
        while (clients.Select((c, i) => c.Requests - start[i]).Min() < 2)
        {
            if (timeout.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("Soak clients made no progress for 60 s after a configuration reload.");
            }

            await Task.Delay(10);
        }
    }

    private static HttpClient NewHttpClient() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });

    private static async Task<(HttpStatusCode Status, string Body, string? Cookie)> VisitAsync(HttpClient http, Uri instance, string client, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance, "/visit?client=" + client));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using HttpResponseMessage response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        string? set = response.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? values) ? values.Single().Split(';')[0] : null;
        return (response.StatusCode, body, set);
    }

    private sealed class Tally
    {
        private long _requests;
        private long _lost;
        private long _crossed;

        public ConcurrentQueue<string> Errors { get; } = new();

        public long Requests => Interlocked.Read(ref _requests);

        public long Lost => Interlocked.Read(ref _lost);

        public long Crossed => Interlocked.Read(ref _crossed);

        public void Request() => Interlocked.Increment(ref _requests);

        public void Error(string description)
        {
            if (Errors.Count < 1000)
            {
                Errors.Enqueue(description);
            }
        }

        public void Mismatch(string client, string read, string expected)
        {
            Interlocked.Increment(ref read == ":0" ? ref _lost : ref _crossed);
            Error($"{client}: read \"{read}\", expected \"{expected}\"");
        }
    }

    /// <summary>A client with its own session, alternating between the instances, checking every read against its last write.</summary>
    private sealed class ActiveClient(string name, Uri[] fleet, Tally tally) : IDisposable
    {
        private readonly HttpClient _http = NewHttpClient();
        private string? _cookie;
        private int _written;
        private long _requests;

        public long Requests => Interlocked.Read(ref _requests);

        public async Task RunAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                Uri instance = fleet[_requests % fleet.Length];
                try
                {
                    (HttpStatusCode status, string body, string? cookie) = await VisitAsync(_http, instance, name, _cookie);
                    if (status != HttpStatusCode.OK || cookie is null)
                    {
                        tally.Error($"{name}: {(int)status} from {instance} {(cookie is null ? "without" : "with")} a cookie");
                        continue;
                    }

                    string expected = _written == 0 ? ":0" : string.Create(CultureInfo.InvariantCulture, $"{name}:{_written}");
                    if (body != expected)
                    {
                        // Start over with a fresh session, so that one failure is counted once.
                        tally.Mismatch(name, body, expected);
                        _cookie = null;
                        _written = 0;
                        continue;
                    }

                    _cookie = cookie;
                    _written++;
                    tally.Request();
                    Interlocked.Increment(ref _requests);
                }
                catch (HttpRequestException exception)
                {
                    tally.Error($"{name}: {exception.Message} from {instance}");
                }
            }
        }

        public void Dispose() => _http.Dispose();
    }

    /// <summary>A session written once with the old password and kept idle across the rotation.</summary>
    private sealed class IdleClient(string name, Uri instance)
    {
        private string? _oldSeal;

        public async Task WriteAsync(Tally tally)
        {
            using HttpClient http = NewHttpClient();
            (HttpStatusCode status, string body, string? cookie) = await VisitAsync(http, instance, name, null);
            if (status != HttpStatusCode.OK || body != ":0" || cookie is null || cookie.Split('*')[1] != "1")
            {
                tally.Error($"{name}: the first write answered {(int)status} \"{body}\" with {(cookie is null ? "no cookie" : "a cookie not sealed with password 1")}");
            }

            _oldSeal = cookie;
        }

        /// <summary>While password 1 is still known, the old seal opens whole (its Set-Cookie, sealed with 2, is not kept).</summary>
        public async Task<bool> ReadsBackAsync(Tally tally)
        {
            using HttpClient http = NewHttpClient();
            (HttpStatusCode status, string body, _) = await VisitAsync(http, instance, name, _oldSeal);
            bool whole = status == HttpStatusCode.OK && body == name + ":1";
            if (!whole)
            {
                tally.Error($"{name}: the old seal read \"{body}\" ({(int)status}) after the switch, expected \"{name}:1\"");
            }

            return whole;
        }

        /// <summary>Once password 1 is removed, the old seal gives an empty session on every instance.</summary>
        public async Task<bool> ComesBackEmptyAsync(Uri[] fleet, Tally tally)
        {
            using HttpClient http = NewHttpClient();
            bool empty = true;
            foreach (Uri each in fleet)
            {
                (HttpStatusCode status, string body, _) = await VisitAsync(http, each, name, _oldSeal);
                if (status != HttpStatusCode.OK)
                {
                    tally.Error($"{name}: {(int)status} from {each} for a seal of the removed password");
                }

                empty &= status == HttpStatusCode.OK && body == ":0";
            }

            return empty;
        }
    }

    /// <summary>Counts the adapter's OptionsReloaded events (one per applied reload).</summary>
    private sealed class ReloadCounter : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "OptionsReloaded")
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SoakSession))]
internal sealed partial class SoakJsonContext : JsonSerializerContext;
