using Microsoft.Playwright;

namespace IronSeal.TestUtilities;

/// <summary>
/// Debian's Chromium at /usr/bin/chromium, for the Browser tier. Tests never install it: eng/test-setup.sh does
/// (Playwright's own browser download is not used).
/// </summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>The browser's path, or an exception that names the command installing it.</summary>
    public static string Require() =>
        File.Exists(Path)
            ? Path
            : throw new InvalidOperationException(
                $"{Path} is missing. Browser tests need Debian's chromium: run {Repository.SetupCommand} (it runs 'apt-get install chromium'), " +
                "or skip this tier with --filter \"TestCategory!=Browser\".");

    /// <summary>Launches the headless browser (after <see cref="Require"/>) with switches that keep it off the network and quiet.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Require(),
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }
}
