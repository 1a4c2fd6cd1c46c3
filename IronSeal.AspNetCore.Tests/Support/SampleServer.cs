using System.Net;
using IronSeal.Sample;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IronSeal.AspNetCore.Tests.Support;

/// <summary>The sample app on a real Kestrel server at 127.0.0.1 on a free port, with its own appsettings.json.</summary>
internal sealed class SampleServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SampleServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The app's services (its logs, its options).</summary>
    public IServiceProvider Services => _app.Services;

    public static Task<SampleServer> StartAsync(params string[] settings) => StartAsync(null, settings);

    /// <summary>Starts the sample with services replaced or added after its own (a fake clock, say).</summary>
    public static async Task<SampleServer> StartAsync(Action<IServiceCollection>? configureServices, params string[] settings)
    {
        WebApplication app = Build(configureServices, settings);
        await app.StartAsync();
        string address = app.Urls.Single();
        return new SampleServer(app, new Uri(address));
    }

    /// <summary>Builds the sample with test settings: Development, plain http, the test password; later settings win.</summary>
    public static WebApplication Build(params string[] settings) => Build(null, settings);

    /// <inheritdoc cref="Build(string[])"/>
    public static WebApplication Build(Action<IServiceCollection>? configureServices, params string[] settings)
    {
        string[] args =
        [
            "--contentRoot", Path.Combine(Repository.Root, "samples", "IronSeal.Sample"),
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            $"--IronSession:Password={Repository.Password}",
            .. settings,
        ];
        return SampleApp.Build(args, configureServices);
    }

    /// <summary>A browser-like client: follows redirects, keeps cookies and asks for HTML as a browser navigating does.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return client;
    }

    /// <summary>A raw client: no redirects, no cookie handling (headers are set by hand).</summary>
    public HttpClient CreateRawClient() =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Address };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
