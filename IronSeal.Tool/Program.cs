using System.Text;

namespace IronSeal.Tool;

/// <summary>
/// The entry point: binds the real console, environment and clock to a <see cref="ToolContext"/>. Standard streams are
/// UTF-8 whatever the locale, so JSON with non-ASCII text survives a pipe on every platform.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using var input = new StreamReader(Console.OpenStandardInput(), utf8);
        using var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true };
        using var error = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
        return Cli.Run(args, new ToolContext(input, output, error, Environment.GetEnvironmentVariable, TimeProvider.System));
    }
}
