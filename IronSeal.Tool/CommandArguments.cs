namespace IronSeal.Tool;

/// <summary>
/// The arguments after the command name, split into positionals, flags and options with a value. Each command says
/// which names it knows, so a typo (<c>--jsno</c>) is an error instead of being silently taken for a seal. Small on
/// purpose: four commands with two options each do not need a parsing library (and the tool has no dependencies).
/// </summary>
internal sealed class CommandArguments
{
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private CommandArguments(string command)
    {
        Command = command;
    }

    /// <summary>The command these arguments belong to, for messages.</summary>
    public string Command { get; }

    /// <summary>The arguments that are not options, in order. <c>-</c> (standard input) is a positional.</summary>
    public List<string> Positionals { get; } = [];

    /// <summary>Splits <paramref name="arguments"/>; <c>--name value</c> and <c>--name=value</c> are both accepted for valued options.</summary>
    /// <param name="command">The command name.</param>
    /// <param name="arguments">The arguments after it.</param>
    /// <param name="flags">The flags the command knows, e.g. <c>--json</c>.</param>
    /// <param name="valued">The options that take a value, e.g. <c>--ttl</c>.</param>
    /// <returns>The split arguments.</returns>
    /// <exception cref="UsageException">An unknown option, or a valued option without its value.</exception>
    public static CommandArguments Parse(string command, IReadOnlyList<string> arguments, string[] flags, string[] valued)
    {
        var result = new CommandArguments(command);
        for (int i = 0; i < arguments.Count; i++)
        {
            string argument = arguments[i];
            if (argument == "-" || !argument.StartsWith('-'))
            {
                result.Positionals.Add(argument);
                continue;
            }

            int equals = argument.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? argument : argument[..equals];
            if (flags.Contains(name) && equals < 0)
            {
                result._flags.Add(name);
            }
            else if (valued.Contains(name))
            {
                string? value = equals >= 0 ? argument[(equals + 1)..] : i + 1 < arguments.Count ? arguments[++i] : null;
                result._values[name] = value ?? throw new UsageException($"{command}: {name} needs a value.");
            }
            else
            {
                throw new UsageException($"{command}: unknown option {name}.");
            }
        }

        return result;
    }

    /// <summary>Whether the flag was given.</summary>
    /// <param name="flag">The flag, e.g. <c>--json</c>.</param>
    /// <returns><see langword="true"/> when it was given.</returns>
    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>The value of an option, or <see langword="null"/> when it was not given.</summary>
    /// <param name="option">The option, e.g. <c>--ttl</c>.</param>
    /// <returns>Its value.</returns>
    public string? ValueOf(string option) => _values.GetValueOrDefault(option);

    /// <summary>The one positional the command needs (the seal), or a usage error naming it.</summary>
    /// <param name="what">What the positional is, for the message, e.g. <c>&lt;seal&gt;</c>.</param>
    /// <returns>The positional.</returns>
    /// <exception cref="UsageException">None or more than one positional.</exception>
    public string Single(string what) => Positionals.Count switch
    {
        1 => Positionals[0],
        0 => throw new UsageException($"{Command}: give {what} (or - to read it from standard input)."),
        _ => throw new UsageException(
            $"{Command}: expected one {what}, got {Positionals.Count} arguments. A Cookie header with spaces must be quoted, or piped with -."),
    };

    /// <summary>Refuses positionals for commands that take none. The argument is not echoed: it might be a secret.</summary>
    /// <exception cref="UsageException">A positional was given.</exception>
    public void ExpectNoPositionals()
    {
        if (Positionals.Count > 0)
        {
            throw new UsageException($"{Command} takes no arguments (got {Positionals.Count}).");
        }
    }
}
