using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IronSeal.Tool;

/// <summary>
/// <c>ironseal seal [--ttl &lt;seconds&gt;] [--password-stdin]</c>: seals the JSON on standard input, as
/// iron-session's <c>sealData</c> does. For reproducing a user's cookie in a test, or handing a Node app a seal to try.
/// </summary>
internal static class SealCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "seal";

    private const string TtlOption = "--ttl";

    /// <summary>The longest ttl accepted, in seconds: 2^31 − 1 (about 68 years), what iron-session 6 wrote for "forever".</summary>
    private const long MaxTtlSeconds = int.MaxValue;

    /// <summary>Reads JSON from standard input and prints its seal.</summary>
    /// <param name="arguments">The arguments after <c>seal</c>.</param>
    /// <param name="context">The streams, the environment and the clock.</param>
    /// <returns><see cref="ExitCode.Ok"/>; bad JSON, a bad ttl or an unusable password throw <see cref="UsageException"/>.</returns>
    public static int Run(IReadOnlyList<string> arguments, ToolContext context)
    {
        CommandArguments parsed = CommandArguments.Parse(Name, arguments, [PasswordSource.StdinFlag], [TtlOption, UnsealCommand.PurposeOption]);
        parsed.ExpectNoPositionals();
        TimeSpan ttl = ParseTtl(parsed.ValueOf(TtlOption));
        // The password first: with --password-stdin it is the first line, and the JSON is the rest.
        PasswordSet passwords = PasswordSource.Read(parsed, context);
        JsonNode? data = ParseJson(context.Input.ReadToEnd());
        try
        {
            context.Output.WriteLine(Iron.Seal(data, new SealOptions { Password = passwords, Ttl = ttl, TimeProvider = context.Clock, Purpose = UnsealCommand.ReadPurpose(parsed) }));
        }
        catch (ArgumentException exception)
        {
            // For example a password set whose ids are not all integers: it can open seals but not make them.
            throw UsageException.From(exception);
        }

        return ExitCode.Ok;
    }

    /// <summary>Seconds, as iron-session counts its ttl (iron itself counts milliseconds); 0 means never expires.</summary>
    private static TimeSpan ParseTtl(string? text)
    {
        if (text is null)
        {
            return SealOptions.DefaultTtl;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) && seconds <= MaxTtlSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{Name}: {TtlOption} takes whole seconds from 0 (never expires) to {MaxTtlSeconds}; got \"{text}\".");
    }

    /// <summary>
    /// Parses standard input. Duplicate keys are refused: JSON.parse would keep the last one silently, and a seal made
    /// for a test should say exactly what it holds.
    /// </summary>
    private static JsonNode? ParseJson(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException($"{Name}: standard input is empty; give the JSON to seal, e.g. echo '{{\"userId\":\"42\"}}' | ironseal seal.");
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException exception)
        {
            throw new UsageException($"{Name}: standard input is not JSON: {exception.Message}");
        }
    }
}
