using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;

namespace IronSeal.Blazor.Tests.Support;

/// <summary>
/// samples/IronSeal.Blazor as its own process (the build output beside its static web assets, as <c>dotnet run</c>
/// starts it), on 127.0.0.1 at a free port, in Development with the test password; killed on dispose.
/// </summary>
internal sealed partial class BlazorSampleServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private BlazorSampleServer(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;

    /// <summary>What the app printed so far (its logs), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts the sample with extra settings (<c>--Key=value</c>; later ones win) and waits until it listens.</summary>
    public static async Task<BlazorSampleServer> StartAsync(params string[] settings)
    {
        string sample = Path.Combine(Repository.Root, "samples", "IronSeal.Blazor");
        string configuration = typeof(BlazorSampleServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string dll = Path.Combine(sample, "bin", configuration, "net10.0", "IronSeal.Blazor.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution (dotnet build IronSeal.sln -c {configuration}) first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = sample,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (string argument in (string[])[dll, "--contentRoot", sample, "--urls", "http://127.0.0.1:0", $"--IronSession:Password={Repository.Password}", .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var server = new BlazorSampleServer(process);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) => server.Collect(line.Data, listening);
        process.ErrorDataReceived += (_, line) => server.Collect(line.Data, listening);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Task ended = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (ended != listening.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The Blazor sample did not start within 60 s:\n{server.Output}");
        }

        server.Address = await listening.Task;
        return server;
    }

    /// <summary>A browser-like client: follows redirects, keeps cookies and asks for HTML.</summary>
    public HttpClient CreateClient(CookieContainer cookies)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Collect(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (Listening().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
