using System.Diagnostics;
using System.Text;

namespace IronSeal.Tests.Tool;

/// <summary>
/// Runs the tool's build output (<c>IronSeal.Tool.dll</c>, copied beside the tests by the project reference) with the
/// same <c>dotnet</c> host as the tests, one process per call, with a clean password environment and a timeout.
/// </summary>
internal static class ToolProcess
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static readonly string[] s_passwordVariables = ["IRONSEAL_PASSWORD", "IRONSEAL_PASSWORDS"];

    public static (int ExitCode, string Output, string Error) Run(
        string[] arguments, string? input = null, Dictionary<string, string>? environment = null)
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "IronSeal.Tool.dll");
        File.Exists(tool).ShouldBeTrue($"{tool} is missing: IronSeal.Tests.csproj references IronSeal.Tool.csproj to build it here.");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(tool);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test runner's own environment must not leak a password into a test that expects none.
        foreach (string variable in s_passwordVariables)
        {
            start.Environment.Remove(variable);
        }

        foreach ((string name, string value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the tool.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ironseal {string.Join(' ', arguments)} did not finish in {s_timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The <c>dotnet</c> running the tests (the runner's host), else the one on the PATH.</summary>
    private static string DotnetHost()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
