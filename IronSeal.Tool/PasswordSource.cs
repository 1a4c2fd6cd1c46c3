using System.Text.Json;

namespace IronSeal.Tool;

/// <summary>
/// Where <c>unseal</c> and <c>seal</c> get their passwords: an environment variable or the first line of standard
/// input, never an argument. Command lines are readable by every user of the machine (<c>ps</c>, <c>/proc</c>) and are
/// kept in shell history; the environment and a pipe are not.
/// </summary>
internal static class PasswordSource
{
    /// <summary>One password, under id <c>1</c> (how iron-session treats a string password).</summary>
    public const string SingleVariable = "IRONSEAL_PASSWORD";

    /// <summary>Several passwords as a JSON object of id → password, for rotation.</summary>
    public const string SetVariable = "IRONSEAL_PASSWORDS";

    /// <summary>The flag that reads the password from the first line of standard input.</summary>
    public const string StdinFlag = "--password-stdin";

    private const string Help =
        $"Set {SingleVariable} (one password, id 1), {SetVariable} (JSON, e.g. {{\"2\":\"new\",\"1\":\"old\"}}), " +
        $"or pipe it with {StdinFlag}.";

    /// <summary>The answer to someone who tried <c>--password</c>: why not, and what to do instead.</summary>
    public const string RefusalOfArgument =
        "refusing --password: a password on the command line is visible to other users of this machine (ps, /proc) " +
        "and ends up in shell history. " + Help;

    /// <summary>Whether an argument tries to pass a password (<c>--password</c>, <c>--password=…</c>, <c>--passwords</c>).</summary>
    /// <param name="argument">A command-line argument.</param>
    /// <returns><see langword="true"/> when it must be refused.</returns>
    public static bool IsPasswordArgument(string argument) =>
        argument.StartsWith("--password", StringComparison.OrdinalIgnoreCase) && argument != StdinFlag;

    /// <summary>Reads the passwords: standard input's first line with <c>--password-stdin</c>, else the environment.</summary>
    /// <param name="arguments">The command's arguments (for <c>--password-stdin</c>).</param>
    /// <param name="context">Standard input and the environment.</param>
    /// <returns>The passwords.</returns>
    /// <exception cref="UsageException">No password, both variables set, unreadable JSON, or a password IronSeal refuses (e.g. shorter than 32 characters).</exception>
    public static PasswordSet Read(CommandArguments arguments, ToolContext context)
    {
        try
        {
            if (arguments.Has(StdinFlag))
            {
                string? line = context.Input.ReadLine();
                return string.IsNullOrEmpty(line)
                    ? throw new UsageException($"{StdinFlag}: the first line of standard input is empty; put the password there.")
                    : PasswordSet.FromString(line);
            }

            string? single = context.GetEnvironmentVariable(SingleVariable);
            string? set = context.GetEnvironmentVariable(SetVariable);
            if (!string.IsNullOrEmpty(single) && !string.IsNullOrEmpty(set))
            {
                throw new UsageException($"Both {SingleVariable} and {SetVariable} are set; set only one, so it is clear which passwords are used.");
            }

            return !string.IsNullOrEmpty(set) ? ParseSet(set)
                : !string.IsNullOrEmpty(single) ? PasswordSet.FromString(single)
                : throw new UsageException("No password. " + Help);
        }
        catch (ArgumentException exception)
        {
            // IronSeal's messages name the id and the length, never the secret.
            throw UsageException.From(exception);
        }
    }

    /// <summary>
    /// Reads <c>{"2":"new","1":"old"}</c>. Pairs go to <see cref="PasswordSet"/> as they come, so a repeated id is
    /// reported instead of silently losing one. The JSON error itself is not shown: it may quote part of a secret.
    /// </summary>
    private static PasswordSet ParseSet(string json)
    {
        const string Expected = $"{SetVariable} must be a JSON object of id → password, e.g. {{\"2\":\"new secret\",\"1\":\"old secret\"}}.";
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException(Expected);
            }

            var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw new UsageException($"{SetVariable}: the password with id \"{property.Name}\" is not a JSON string. {Expected}");
                }

                if (!passwords.TryAdd(property.Name, property.Value.GetString()!))
                {
                    throw new UsageException($"{SetVariable}: the password id \"{property.Name}\" appears twice. {Expected}");
                }
            }

            return passwords;
        }
        catch (JsonException)
        {
            throw new UsageException($"{SetVariable} is not valid JSON. {Expected}");
        }
    }
}
