using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace IronSeal.Benchmarks.Http;

/// <summary>
/// Debian's <c>wrk</c> as the load generator: installed with apt-get when missing (as root, else through sudo), driven
/// with a Lua script that sets the Cookie header and prints the summary in one parseable line.
/// </summary>
public static class Wrk
{
    /// <summary>One run's figures: latencies in microseconds as wrk reports them.</summary>
    public sealed record Result(long Requests, double Seconds, double P50Micros, double P99Micros, long Errors);

    private const string Marker = "IRONSEAL_WRK";

    /// <summary>Makes sure <c>wrk</c> is on PATH, installing Debian's package when it is not.</summary>
    /// <exception cref="InvalidOperationException">wrk is missing and cannot be installed here; the message says what to do.</exception>
    public static void EnsureInstalled()
    {
        if (TryRun("wrk", "--version", out _))
        {
            return;
        }

        bool root = Environment.UserName == "root" || (TryRun("id", "-u", out string uid) && uid.Trim() == "0");
        string? sudo = root ? null : TryRun("sudo", "-n true", out _) ? "sudo" : null;
        if (!root && sudo is null)
        {
            throw new InvalidOperationException(
                "The HTTP benchmark needs Debian's wrk, which is not installed, and this user cannot install it (not root, no password-less sudo). " +
                "Run 'apt-get install -y wrk' as root, then run the benchmark again.");
        }

        Console.WriteLine("http: wrk is missing; installing Debian's wrk with apt-get");
        if (!Install(sudo, "install -y -qq wrk") && !(Install(sudo, "update -qq") && Install(sudo, "install -y -qq wrk")))
        {
            throw new InvalidOperationException("apt-get could not install wrk (see its output above). Install it by hand: apt-get install -y wrk.");
        }

        if (!TryRun("wrk", "--version", out _))
        {
            throw new InvalidOperationException("apt-get reported success but wrk is still not on PATH.");
        }
    }

    /// <summary>Runs wrk against <paramref name="scenario"/> for <paramref name="seconds"/> with a fixed number of connections.</summary>
    public static Result Run(HttpScenario scenario, double seconds, int connections, int threads, string scriptDirectory)
    {
        string script = Path.Combine(scriptDirectory, scenario.Name + ".lua");
        if (!File.Exists(script))
        {
            File.WriteAllText(script, Script(scenario.Cookie, scenario.CookieFile));
        }

        string arguments = string.Create(
            CultureInfo.InvariantCulture,
            $"-t{threads} -c{connections} -d{Math.Max(1, (int)Math.Round(seconds))}s --timeout 10s -s \"{script}\" {scenario.Address}");
        if (!TryRun("wrk", arguments, out string output))
        {
            throw new InvalidOperationException($"wrk {arguments} failed: {output}");
        }

        string line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no summary line: {output}");
        double[] f = [.. line[Marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
        return new Result((long)f[0], f[1] / 1e6, f[2], f[3], (long)(f[4] + f[5] + f[6] + f[7] + f[8]));
    }

    // wrk's Lua API: the header goes on every request; done() prints requests, duration (µs), p50 and p99 (µs) and the
    // error counts (connect, read, write, non-2xx/3xx status, timeout).
    private static string Script(string? cookie, string? cookieFile)
    {
        var lua = new StringBuilder();
        if (cookieFile is not null)
        {
            // Every request the next seal of the file; the threads start half the list apart.
            string path = cookieFile.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            lua.Append("local threads = 0\n")
               .Append("setup = function(thread) thread:set(\"index\", threads); threads = threads + 1 end\n")
               .Append("local seals = {}\n")
               .Append("init = function(args)\n")
               .Append("  for line in io.lines(\"").Append(path).Append("\") do seals[#seals + 1] = line end\n")
               .Append("  position = (index % 2) * math.floor(#seals / 2)\n")
               .Append("end\n")
               .Append("request = function()\n")
               .Append("  position = position % #seals + 1\n")
               .Append("  return wrk.format(nil, nil, { [\"Cookie\"] = \"").Append(BenchApps.CookieName).Append("=\" .. seals[position] })\n")
               .Append("end\n");
        }
        else if (cookie is not null)
        {
            lua.Append("wrk.headers[\"Cookie\"] = \"").Append(cookie.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
        }

        lua.Append("done = function(summary, latency, requests)\n")
           .Append("  local e = summary.errors\n")
           .Append("  io.write(string.format(\"").Append(Marker).Append(" %d %d %.1f %.1f %d %d %d %d %d\\n\", summary.requests, summary.duration, ")
           .Append("latency:percentile(50), latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))\n")
           .Append("end\n");
        return lua.ToString();
    }

    private static bool Install(string? sudo, string arguments) =>
        sudo is null ? TryRun("apt-get", arguments, out _, echo: true) : TryRun(sudo, "apt-get " + arguments, out _, echo: true);

    private static bool TryRun(string fileName, string arguments, out string output, bool echo = false)
    {
        var start = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
            Task<string> error = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd() + error.Result;
            process.WaitForExit();
            if (echo)
            {
                Console.Write(output);
            }

            // wrk --version prints its usage and exits 1: being able to start it is what counts.
            return process.ExitCode == 0 || (fileName == "wrk" && arguments == "--version");
        }
        catch (Win32Exception exception)
        {
            output = exception.Message;
            return false;
        }
    }
}
