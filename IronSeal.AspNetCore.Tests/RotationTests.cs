using System.Collections.Concurrent;
using System.Net;
using IronSeal.Soak;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IronSeal.AspNetCore.Tests;

public sealed class FleetSession
{
    public string? Client { get; set; }

    public int Count { get; set; }
}

/// <summary>
/// Rotation without restart (issue 11, part 4): two app instances share one reloadable configuration source; the
/// password set, ttl and cookie settings change under concurrent requests, and every instance applies each change at
/// its next request. Clients alternate between the instances and check on every request that they read back exactly
/// what they last wrote.
/// </summary>
public sealed class RotationTests
{
    private const string OldPassword = "rotation-test-old-password-0123456789abcdef";
    private const string NewPassword = "rotation-test-new-password-0123456789abcdef";

    private sealed record Instance(WebApplication App, Uri Address, FakeLogCollector Logs) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static async Task<Instance> StartAsync(SharedConfiguration configuration)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration.Sources.Add(configuration);
        builder.Logging.ClearProviders().AddFakeLogging();
        builder.Services.AddIronSession<FleetSession>();
        WebApplication app = builder.Build();
        app.MapPost("/visit", async (IronSession<FleetSession> session, string client) =>
        {
            string read = $"{session.Data.Client}:{session.Data.Count}";
            if (session.Data.Client is null)
            {
                session.Data.Client = client;
            }

            session.Data.Count++;
            await session.SaveAsync();
            return read;
        });
        await app.StartAsync();
        string address = app.Urls.Single();
        return new Instance(app, new Uri(address), app.Services.GetFakeLogCollector());
    }

    private static SharedConfiguration Configuration() => new(new Dictionary<string, string?>
    {
        ["IronSession:CookieName"] = "fleet",
        ["IronSession:Passwords:1"] = OldPassword,
        ["IronSession:Cookie:Secure"] = "false",
        ["IronSession:Ttl"] = "7.00:00:00",
    });

    /// <summary>A client with its own session: alternates instances, checks each read against its last write.</summary>
    private sealed class Client(string name, Instance[] instances) : IDisposable
    {
        private readonly CookieContainer _jar = new();
        private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer() });
        private int _written;

        public int Requests { get; private set; }

        public CookieContainer Jar => _jar;

        public async Task RunAsync(ConcurrentQueue<string> errors, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                Uri address = instances[Requests % instances.Length].Address;
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, $"/visit?client={name}"));
                string cookies = _jar.GetCookieHeader(address);
                if (cookies.Length > 0)
                {
                    request.Headers.Add("Cookie", cookies);
                }

                HttpResponseMessage response = await _http.SendAsync(request, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    errors.Enqueue($"{name}: {(int)response.StatusCode} from {address}");
                    return;
                }

                string read = await response.Content.ReadAsStringAsync(CancellationToken.None);
                string expected = _written == 0 ? ":0" : $"{name}:{_written}";
                if (read != expected)
                {
                    errors.Enqueue($"{name}: read {read}, expected {expected} (request {Requests} to {address})");
                    return;
                }

                foreach (string header in response.Headers.GetValues("Set-Cookie"))
                {
                    _jar.SetCookies(address, header);
                }

                _written++;
                Requests++;
            }
        }

        public void Dispose() => _http.Dispose();
    }

    private static async Task WaitForRequestsAsync(IReadOnlyList<Client> clients, int more)
    {
        int[] start = [.. clients.Select(c => c.Requests)];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (clients.Select((c, i) => c.Requests - start[i]).Min() < more)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    [Test]
    public async Task A_fleet_rotates_its_password_through_configuration_reloads_under_load_without_losing_a_session()
    {
        SharedConfiguration configuration = Configuration();
        await using Instance a = await StartAsync(configuration);
        await using Instance b = await StartAsync(configuration);
        Instance[] fleet = [a, b];
        var errors = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        Client[] clients = [.. Enumerable.Range(0, 8).Select(i => new Client($"c{i}", fleet))];
        Task[] running = [.. clients.Select(c => Task.Run(() => c.RunAsync(errors, stop.Token)))];
        try
        {
            await WaitForRequestsAsync(clients, 10);
            string oldSeal = clients[0].Jar.GetCookies(a.Address)["fleet"]!.Value;
            oldSeal.Split('*')[1].ShouldBe("1");

            // 1. Every instance learns the new password but still seals with the old one.
            configuration.Apply(("IronSession:Passwords:2", NewPassword), ("IronSession:SealingPasswordId", "1"));
            await WaitForRequestsAsync(clients, 10);
            clients[0].Jar.GetCookies(a.Address)["fleet"]!.Value.Split('*')[1].ShouldBe("1");

            // 2. Seal with the new one: every instance can already open it.
            configuration.Apply(("IronSession:SealingPasswordId", null));
            await WaitForRequestsAsync(clients, 10);
            clients.ShouldAllBe(c => c.Jar.GetCookies(a.Address)["fleet"]!.Value.Split('*', StringSplitOptions.None)[1] == "2");

            // 3. Drop the old password: nobody's cookie needs it any more, except a cookie kept from before.
            configuration.Apply(("IronSession:Passwords:1", null));
            await WaitForRequestsAsync(clients, 10);
            foreach (Instance instance in fleet)
            {
                using var stale = new HttpClient();
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance.Address, "/visit?client=stale"));
                request.Headers.Add("Cookie", $"fleet={oldSeal}");
                (await (await stale.SendAsync(request)).Content.ReadAsStringAsync()).ShouldBe(":0", "a seal of the removed password is an empty session");
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
            foreach (Client client in clients)
            {
                client.Dispose();
            }
        }

        errors.ShouldBeEmpty();
        clients.ShouldAllBe(c => c.Requests >= 40);
        foreach (Instance instance in fleet)
        {
            instance.Logs.GetSnapshot().Count(r => r.Id.Name == "OptionsReloaded").ShouldBe(3);
        }
    }

    [Test]
    public async Task Ttl_and_cookie_settings_follow_a_reload_at_the_next_request()
    {
        SharedConfiguration configuration = Configuration();
        await using Instance a = await StartAsync(configuration);
        using var http = new HttpClient();

        string before = (await http.PostAsync(new Uri(a.Address, "/visit?client=x"), null)).Headers.GetValues("Set-Cookie").Single();
        before.ShouldStartWith("fleet=Fe26.2*1*");
        before.ShouldEndWith("; Max-Age=604740; Path=/; HttpOnly; SameSite=Lax");
        configuration.Apply(("IronSession:Ttl", "1.00:00:00"), ("IronSession:Cookie:Path", "/app"), ("IronSession:CookieName", "fleet2"));
        string header = (await http.PostAsync(new Uri(a.Address, "/visit?client=x"), null)).Headers.GetValues("Set-Cookie").Single();
        header.ShouldStartWith("fleet2=Fe26.2*1*");
        header.ShouldEndWith("; Max-Age=86340; Path=/app; HttpOnly; SameSite=Lax");
    }

    [Test]
    public async Task An_invalid_reload_keeps_the_last_good_settings_and_logs_why_without_the_password()
    {
        SharedConfiguration configuration = Configuration();
        await using Instance a = await StartAsync(configuration);
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = a.Address };
        (await http.PostAsync("/visit?client=x", null)).EnsureSuccessStatusCode();

        const string ShortSecret = "too-short-secret-42";
        Should.NotThrow(() => configuration.Apply(("IronSession:Passwords:1", ShortSecret)), "the reload itself never throws");
        configuration.Apply(("IronSession:Ttl", "1209600"));

        (await (await http.PostAsync("/visit?client=x", null)).Content.ReadAsStringAsync()).ShouldBe("x:1", "the last good password still opens the cookie");
        FakeLogRecord[] refused = [.. a.Logs.GetSnapshot().Where(r => r.Id.Name == "ReloadRefused")];
        refused.Length.ShouldBe(2);
        refused.ShouldAllBe(r => r.Level == LogLevel.Error && r.Category == "IronSeal");
        refused[0].Message.ShouldContain("IronSession:Passwords:1: ");
        refused[0].Message.ShouldContain("at least 32");
        refused[1].Message.ShouldContain("IronSession:Ttl is 1209600 days");
        a.Logs.GetSnapshot().ShouldAllBe(r => !r.Message.Contains(ShortSecret) && !r.Message.Contains(OldPassword));
    }

    [Test]
    public async Task A_reload_reports_only_the_session_types_whose_settings_changed()
    {
        SharedConfiguration configuration = Configuration();
        configuration.Apply(("Other:CookieName", "other"), ("Other:Password", NewPassword), ("Other:Cookie:Secure", "false"));
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration.Sources.Add(configuration);
        builder.Logging.ClearProviders().AddFakeLogging();
        builder.Services.AddIronSession<FleetSession>();
        builder.Services.AddIronSession<CounterSession>("Other");
        await using WebApplication app = builder.Build();
        app.MapGet("/", async (IronSession<FleetSession> fleet, IronSession<CounterSession> other) => $"{fleet.Data.Count}{other.Data.Count}");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        (await http.GetStringAsync("/")).ShouldBe("00");
        FakeLogCollector logs = app.Services.GetFakeLogCollector();

        configuration.Apply(("IronSession:Ttl", "3.00:00:00"));
        configuration.Apply(("IronSession:Ttl", "3.00:00:00"), ("Other:Password", NewPassword));

        string[] reloaded = [.. logs.GetSnapshot().Where(r => r.Id.Name == "OptionsReloaded").Select(r => r.Message)];
        reloaded.ShouldBe(["The FleetSession session settings were reloaded from configuration; they apply from the next request."]);
    }
}
