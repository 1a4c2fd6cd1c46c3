using System.Diagnostics;

namespace IronSeal.AspNetCore.Tests.Support;

/// <summary>interop/peer-server.mjs: a Node HTTP server with the real iron-session on 127.0.0.1.</summary>
internal sealed class NodePeer : IDisposable
{
    private readonly Process _process;

    private NodePeer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<NodePeer> StartAsync(string lib, string password)
    {
        var start = new ProcessStartInfo("node", $"peer-server.mjs {lib} {password}")
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
            throw new InvalidOperationException($"peer-server.mjs did not start: {line} {await process.StandardError.ReadToEndAsync(timeout.Token)}");
        }

        return new NodePeer(process, new Uri($"http://127.0.0.1:{line["listening ".Length..]}/"));
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
