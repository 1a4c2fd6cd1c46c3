using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace IronSeal.TestUtilities;

/// <summary>
/// Runs the scripts in <c>interop/</c> with the real npm packages (pinned by <c>interop/package-lock.json</c>).
/// Never installs anything and never skips: when Node or the packages are missing, the test fails with a message that
/// names the command to run (<c>eng/test-setup.sh</c>), because interop is the product's reason to exist.
/// </summary>
public static class NodeHarness
{
    private static readonly Lazy<string> s_interopDirectory = new(PrepareInteropDirectory);

    public static string InteropDirectory => s_interopDirectory.Value;

    /// <summary>Sends a JSON array of requests to a script; returns its JSON array of results.</summary>
    public static JsonArray RunBatch(string script, JsonArray requests)
    {
        string output = Run("node", script, requests.ToJsonString());
        return JsonNode.Parse(output)?.AsArray() ?? throw new InvalidOperationException("The script returned null.");
    }

    public static string Run(string fileName, string arguments, string? input = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = InteropDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"Could not start '{fileName}': {exception.Message}. Install Node.js 20+ and run {Repository.SetupCommand}.", exception);
        }

        using Process started = process;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} did not finish in 3 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {arguments} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }

    private static string PrepareInteropDirectory()
    {
        string directory = Path.Combine(Repository.Root, "interop");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "iron-session-v9")))
        {
            throw new InvalidOperationException(
                $"The pinned npm packages are not installed in {directory}. Node interop tests need Node.js 20+ and npm: run " +
                $"{Repository.SetupCommand} (it runs 'npm ci' in interop/), or skip this tier with --filter \"TestCategory!=Node\".");
        }

        return directory;
    }
}
