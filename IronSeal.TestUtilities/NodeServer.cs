using System.Diagnostics;

namespace IronSeal.TestUtilities;

/// <summary>
/// A Node HTTP server from <c>interop/</c> on 127.0.0.1 (a script that prints <c>listening PORT</c> once ready), stopped
/// with its process tree on dispose.
/// </summary>
public sealed class NodeServer : IDisposable
{
    private readonly Process _process;

    private NodeServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The server's base address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts <c>node <paramref name="script"/> <paramref name="arguments"/></c> in <c>interop/</c> and waits until it listens.</summary>
    public static async Task<NodeServer> StartAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeHarness.InteropDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} did not start: {line} {await process.StandardError.ReadToEndAsync(timeout.Token)}");
        }

        return new NodeServer(process, new Uri($"http://127.0.0.1:{line["listening ".Length..]}/"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
    }
}
