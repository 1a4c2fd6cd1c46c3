using System.Diagnostics;
using System.Text.Json.Nodes;

namespace IronSeal.TestUtilities;

/// <summary>
/// interop/h3-session.mjs: the real h3 1.15.x and 2.x <c>useSession</c> behind a Node HTTP server on 127.0.0.1,
/// configured as nuxt-auth-utils configures it. Requests carry cookies by hand, so the tests see h3's exact Set-Cookie.
/// </summary>
public sealed class H3NodeServer : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _client;

    private H3NodeServer(Process process, Uri address)
    {
        _process = process;
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<H3NodeServer> StartAsync(string password)
    {
        if (!Directory.Exists(Path.Combine(NodeHarness.InteropDirectory, "node_modules", "h3-v2")))
        {
            throw new InvalidOperationException($"h3 is not installed in interop/node_modules: run {Repository.SetupCommand}.");
        }

        var start = new ProcessStartInfo("node", $"h3-session.mjs {password}")
        {
            WorkingDirectory = NodeHarness.InteropDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"h3-session.mjs did not start: {line} {await process.StandardError.ReadToEndAsync(timeout.Token)}");
        }

        return new H3NodeServer(process, new Uri($"http://127.0.0.1:{line["listening ".Length..]}/"));
    }

    /// <summary>One request to h3 (<paramref name="version"/> "v1" or "v2"); <paramref name="query"/> carries now, maxAge, idle.</summary>
    public async Task<H3Response> SendAsync(HttpMethod method, string version, string path, string query, string? cookie = null, string? sessionHeader = null)
    {
        using var request = new HttpRequestMessage(method, $"{version}/{path}?{query}");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (sessionHeader is not null)
        {
            request.Headers.Add("x-nuxt-session-session", sessionHeader);
        }

        using HttpResponseMessage response = await _client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"h3 answered {(int)response.StatusCode}: {body}");
        }

        List<string> setCookies = response.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? values) ? [.. values] : [];
        return new H3Response(JsonNode.Parse(body)!.AsObject(), setCookies);
    }

    public void Dispose()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
    }
}

/// <summary>h3's JSON answer (the session it sees) and its Set-Cookie headers.</summary>
public sealed record H3Response(JsonObject Body, IReadOnlyList<string> SetCookies)
{
    /// <summary>The <c>name=value</c> pair of the Set-Cookie for <paramref name="name"/>, as a browser would send it back.</summary>
    public string CookiePair(string name) =>
        SetCookies.Single(header => header.StartsWith(name + "=", StringComparison.Ordinal)).Split(';')[0];
}
