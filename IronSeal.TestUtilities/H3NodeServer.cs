using System.Text.Json.Nodes;

namespace IronSeal.TestUtilities;

/// <summary>
/// interop/h3-session.mjs: the real h3 1.15.x and 2.x <c>useSession</c> behind a Node HTTP server on 127.0.0.1,
/// configured as nuxt-auth-utils configures it. Requests carry cookies by hand, so the tests see h3's exact Set-Cookie.
/// </summary>
public sealed class H3NodeServer : IDisposable
{
    private readonly NodeServer _server;
    private readonly HttpClient _client;

    private H3NodeServer(NodeServer server)
    {
        _server = server;
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<H3NodeServer> StartAsync(string password)
    {
        if (!Directory.Exists(Path.Combine(NodeHarness.InteropDirectory, "node_modules", "h3-v2")))
        {
            throw new InvalidOperationException($"h3 is not installed in interop/node_modules: run {Repository.SetupCommand}.");
        }

        return new H3NodeServer(await NodeServer.StartAsync("h3-session.mjs", password));
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
        _server.Dispose();
    }
}

/// <summary>h3's JSON answer (the session it sees) and its Set-Cookie headers.</summary>
public sealed record H3Response(JsonObject Body, IReadOnlyList<string> SetCookies)
{
    /// <summary>The <c>name=value</c> pair of the Set-Cookie for <paramref name="name"/>, as a browser would send it back.</summary>
    public string CookiePair(string name) =>
        SetCookies.Single(header => header.StartsWith(name + "=", StringComparison.Ordinal)).Split(';')[0];
}
