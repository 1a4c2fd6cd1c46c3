using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IronSeal.Tool;

/// <summary>
/// <c>ironseal unseal &lt;seal&gt; [--password-stdin]</c>: opens a seal exactly as a server with these passwords would
/// (<see cref="Iron.Unseal{T}(string, SealOptions)"/>, expiry included) and prints its JSON, or the reason it is
/// refused. The reason is the point: <see cref="SealError"/> separates "expired" from "wrong password" from "tampered".
/// </summary>
internal static class UnsealCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "unseal";

    /// <summary>
    /// Indented for reading; non-ASCII left as it is (a terminal, not an HTML page, shows it), so names and emoji in a
    /// session read as the user typed them.
    /// </summary>
    private static readonly JsonSerializerOptions s_printOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The option naming the seal's purpose (<see cref="SealOptions.Purpose"/>), for unseal and seal.</summary>
    public const string PurposeOption = "--purpose";

    /// <summary>The purpose given with <c>--purpose</c>, or null; an empty one is a usage error.</summary>
    public static string? ReadPurpose(CommandArguments parsed) => parsed.ValueOf(PurposeOption) switch
    {
        null => null,
        "" => throw new UsageException($"{parsed.Command}: {PurposeOption} needs a name, e.g. --purpose magic-link."),
        { } purpose => purpose,
    };

    /// <summary>Prints the seal's JSON (exit 0), or <c>refused: &lt;reason&gt;: &lt;message&gt;</c> on standard error (exit 1).</summary>
    /// <param name="arguments">The arguments after <c>unseal</c>.</param>
    /// <param name="context">The streams, the environment and the clock.</param>
    /// <returns><see cref="ExitCode.Ok"/> or <see cref="ExitCode.Refused"/>.</returns>
    public static int Run(IReadOnlyList<string> arguments, ToolContext context)
    {
        CommandArguments parsed = CommandArguments.Parse(Name, arguments, [PasswordSource.StdinFlag], [PurposeOption]);
        string argument = parsed.Single("<seal>");
        // The password first: with --password-stdin it is the first line, and a seal read with "-" is the rest.
        var options = new SealOptions
        {
            Password = PasswordSource.Read(parsed, context),
            TimeProvider = context.Clock,
            Purpose = ReadPurpose(parsed),
        };
        string seal = SealInput.Read(argument, context.Input);
        JsonNode? data;
        try
        {
            data = Iron.Unseal<JsonNode>(seal, options);
        }
        catch (SealException exception)
        {
            context.Error.WriteLine($"refused: {exception.Reason}: {exception.Message}");
            if (exception.Reason == SealError.BadMac)
            {
                context.Error.WriteLine(options.Purpose is null
                    ? "hint: a seal made for a purpose (SealOptions.Purpose, e.g. a magic link) opens only with --purpose <name>."
                    : $"hint: it was opened for the purpose \"{options.Purpose}\"; a seal made for another purpose, or none, is refused the same way.");
            }

            return ExitCode.Refused;
        }

        context.Output.WriteLine(data?.ToJsonString(s_printOptions) ?? "null");
        return ExitCode.Ok;
    }
}
