using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IronSeal.TestUtilities;

/// <summary>
/// A throwaway Redis for the Redis tier and the HTTP benchmark: Debian's <c>redis-server</c> on 127.0.0.1 on a free port, nothing saved to disk,
/// stopped on dispose. Never installs anything: when <c>redis-server</c> is missing, it fails with a message that names
/// <c>eng/test-setup.sh</c>.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What <c>ConnectionStrings:Redis</c> or <c>RedisCacheOptions.Configuration</c> takes.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        // A port found free can be taken before redis-server binds it: try a few.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStartAsync(FreePort());
            }
            catch (IOException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<RedisServer> TryStartAsync(int port)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new IOException("redis-server exited before it was ready."));

        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Could not start 'redis-server' ({exception.Message}). The Redis tests need Debian's redis-server on PATH: run " +
                $"{Repository.SetupCommand} (it runs 'apt-get install redis-server'), or skip this tier with --filter \"TestCategory!=Redis\".", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception exception) when (exception is IOException or TimeoutException)
        {
            Stop(process);
            string log;
            lock (output)
            {
                log = output.ToString();
            }

            throw exception is IOException
                ? new IOException($"redis-server did not start on port {port}:\n{log}", exception)
                : new InvalidOperationException($"redis-server did not get ready on port {port} in 30 seconds:\n{log}", exception);
        }

        return new RedisServer(process, port);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Stop(Process process)
    {
        if (IsRunning(process))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5_000);
        }
    }

    private static bool IsRunning(Process process)
    {
        try
        {
            return !process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return false; // disposed: stopped before
        }
    }

    /// <summary>Kills the server now (an outage); <see cref="RestartAsync"/> brings it back on the same port, empty.</summary>
    public void Kill() => Stop(_process);

    /// <summary>Starts the server again on its port (after <see cref="Kill"/>), as an operator restarting Redis would; it holds no data.</summary>
    public async Task RestartAsync()
    {
        Stop(_process);
        _process = (await TryStartAsync(Port))._process;
    }

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
    }
}
