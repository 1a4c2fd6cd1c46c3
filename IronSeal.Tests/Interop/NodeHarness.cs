using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace IronSeal.Tests.Interop;

/// <summary>
/// Runs the scripts in <c>interop/</c> with the real npm packages (pinned by <c>interop/package-lock.json</c>).
/// Installs them with <c>npm ci</c> the first time if <c>node_modules</c> is missing. Never skips: a machine without
/// Node fails these tests, because interop is the product's reason to exist.
/// </summary>
internal static class NodeHarness
{
    private static readonly Lazy<string> s_interopDirectory = new(PrepareInteropDirectory);

    public static string InteropDirectory => s_interopDirectory.Value;

    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? directory = new(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "IronSeal.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Cannot find IronSeal.sln above " + TestContext.CurrentContext.TestDirectory);
        }
    }

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
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
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
        string directory = Path.Combine(RepositoryRoot, "interop");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "iron-session-v9")))
        {
            var npm = new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = directory, UseShellExecute = false };
            using Process process = Process.Start(npm) ?? throw new InvalidOperationException("Could not start npm: install Node.js and npm.");
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {directory} failed with exit code {process.ExitCode}.");
            }
        }

        return directory;
    }
}
