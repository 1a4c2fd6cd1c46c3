using System.Diagnostics;

namespace IronSeal.AspNetCore.Tests.Support;

/// <summary>
/// Debian's Chromium at /usr/bin/chromium. Installed with apt-get when missing (as .ci/run does), so that the
/// README's test command also passes on a fresh machine. Playwright's own browser download is not used.
/// </summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    private static readonly Lazy<string> s_installed = new(Install);

    public static string EnsureInstalled() => s_installed.Value;

    private static string Install()
    {
        if (!File.Exists(Path))
        {
            Run("apt-get", "update -qq");
            Run("apt-get", "install -y -qq chromium");
        }

        return File.Exists(Path) ? Path : throw new InvalidOperationException($"{Path} is missing and apt-get could not install Debian's chromium package.");
    }

    private static void Run(string fileName, string arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments) { UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.WaitForExit();
    }
}
