using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace IronSeal.Benchmarks.Http;

/// <summary>
/// <c>interop/bench-server.mjs</c> as a child process: Node's http server with the real iron-session 8.0.4 (pinned by
/// <c>interop/package-lock.json</c>; <c>npm ci</c> is run when the packages are missing).
/// </summary>
public sealed class NodeServer : IDisposable
{
    private readonly Process _process;

    private NodeServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>
    /// Writes <paramref name="count"/> seals of the Small payload made by the real iron-session 8.0.4, each with its own
    /// salts (<c>interop/make-first-open-cookies.mjs</c>), one per line, into <paramref name="path"/>.
    /// </summary>
    public static void WriteNodeSeals(string repositoryRoot, string password, int count, string path) =>
        Run("node", $"make-first-open-cookies.mjs {password} {count.ToString(CultureInfo.InvariantCulture)} \"{path}\"", Path.Combine(repositoryRoot, "interop"));

    public static NodeServer Start(string repositoryRoot, string password, string cookieName)
    {
        string interop = Path.Combine(repositoryRoot, "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "iron-session")))
        {
            Console.WriteLine("http: npm ci in interop/ (the pinned iron-session 8.0.4)");
            Run("npm", "ci --no-audit --no-fund", interop);
        }

        var start = new ProcessStartInfo("node", $"bench-server.mjs {password} {cookieName}")
        {
            WorkingDirectory = interop,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process = StartProcess(start);
        string? line = process.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"node bench-server.mjs did not start: {line} {process.StandardError.ReadToEnd()}");
        }

        int port = int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture);
        return new NodeServer(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Run(string fileName, string arguments, string directory)
    {
        using Process process = StartProcess(new ProcessStartInfo(fileName, arguments) { WorkingDirectory = directory, UseShellExecute = false });
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {arguments} in {directory} exited with {process.ExitCode}.");
        }
    }

    private static Process StartProcess(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"Could not start '{start.FileName}': {exception.Message}. The node-iron-session-read scenario needs Node.js 20+ and npm (Debian: apt-get install nodejs npm).",
                exception);
        }
    }
}
