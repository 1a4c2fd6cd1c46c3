namespace IronSeal.Tool;

/// <summary>
/// Picks the command and turns every usage error into one message and exit code 2. Kept apart from
/// <see cref="Program"/> so it runs on any <see cref="ToolContext"/>, not only the process's console.
/// </summary>
internal static class Cli
{
    /// <summary>Runs the command line.</summary>
    /// <param name="arguments">The process arguments.</param>
    /// <param name="context">The streams, the environment and the clock.</param>
    /// <returns>The exit code (<see cref="ExitCode"/>).</returns>
    public static int Run(string[] arguments, ToolContext context)
    {
        if (arguments.Length == 0)
        {
            context.Error.WriteLine(Usage.Text);
            return ExitCode.Usage;
        }

        // Before anything else, so not even a usage error follows a password typed on the command line.
        if (arguments.Any(PasswordSource.IsPasswordArgument))
        {
            context.Error.WriteLine("ironseal: " + PasswordSource.RefusalOfArgument);
            return ExitCode.Usage;
        }

        if (arguments.Any(argument => argument is "--help" or "-h" or "-?"))
        {
            context.Output.WriteLine(Usage.Text);
            return ExitCode.Ok;
        }

        string command = arguments[0];
        string[] rest = arguments[1..];
        try
        {
            return command switch
            {
                InspectCommand.Name => InspectCommand.Run(rest, context),
                UnsealCommand.Name => UnsealCommand.Run(rest, context),
                SealCommand.Name => SealCommand.Run(rest, context),
                PasswordCommand.Name => PasswordCommand.Run(rest, context),
                _ => throw new UsageException($"unknown command \"{(command.Length <= 24 ? command : command[..21] + "...")}\"."),
            };
        }
        catch (UsageException exception)
        {
            context.Error.WriteLine($"ironseal: {exception.Message}");
            context.Error.WriteLine(Usage.Hint);
            return ExitCode.Usage;
        }
    }
}
