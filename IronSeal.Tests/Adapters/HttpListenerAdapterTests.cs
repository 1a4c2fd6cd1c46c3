using System.Net;
using System.Net.Sockets;
using IronSeal.Samples.HttpListener;

namespace IronSeal.Tests.Adapters;

/// <summary>
/// Runs the HttpListener adapter of docs/adapters.md (samples/IronSeal.HttpListener) as a real server on 127.0.0.1
/// with a real HttpClient and cookie container.
/// </summary>
public sealed class HttpListenerAdapterTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Test]
    public async Task A_browser_like_client_signs_in_counts_visits_and_signs_out()
    {
        string prefix = $"http://127.0.0.1:{FreePort()}/";
        var options = new IronSessionOptions
        {
            CookieName = "visits",
            Password = TestPasswords.One,
            Cookie = IronSessionOptions.DefaultCookie with { Secure = false },
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        Task server = VisitCounterServer.RunAsync(prefix, options, stop.Token);
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(prefix) };

        (await client.GetStringAsync("/")).ShouldBe("not signed in");
        (await client.GetStringAsync("/login?user=ada")).ShouldBe("signed in as ada");
        (await client.GetStringAsync("/")).ShouldBe("ada: 1 visits");
        (await client.GetStringAsync("/")).ShouldBe("ada: 2 visits");
        cookies.GetCookies(new Uri(prefix))["visits"]!.HttpOnly.ShouldBeTrue();
        (await client.GetStringAsync("/logout")).ShouldBe("signed out");
        (await client.GetStringAsync("/")).ShouldBe("not signed in");
        cookies.GetCookies(new Uri(prefix)).Count.ShouldBe(0);

        await stop.CancelAsync();
        await server;
    }

    [Test]
    public void The_adapter_in_docs_adapters_md_is_the_code_the_test_runs()
    {
        string root = Repository.Root;
        string code = File.ReadAllText(Path.Combine(root, "samples", "IronSeal.HttpListener", "HttpListenerCookieStore.cs")).ReplaceLineEndings("\n").Trim();
        string doc = File.ReadAllText(Path.Combine(root, "docs", "adapters.md")).ReplaceLineEndings("\n");

        doc.ShouldContain(code);
    }
}
