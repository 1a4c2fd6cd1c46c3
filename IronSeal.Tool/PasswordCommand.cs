namespace IronSeal.Tool;

/// <summary>
/// <c>ironseal password</c>: prints a new random password (<see cref="PasswordSet.GeneratePassword"/>: 256 bits as 43
/// base64url characters), so nobody invents a weak one or reaches for an online generator. The one command that prints
/// a secret, because that is what it is asked for.
/// </summary>
internal static class PasswordCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "password";

    /// <summary>Prints the password and a newline.</summary>
    /// <param name="arguments">The arguments after <c>password</c> (none are accepted).</param>
    /// <param name="context">Standard output.</param>
    /// <returns><see cref="ExitCode.Ok"/>.</returns>
    public static int Run(IReadOnlyList<string> arguments, ToolContext context)
    {
        CommandArguments.Parse(Name, arguments, [], []).ExpectNoPositionals();
        context.Output.WriteLine(PasswordSet.GeneratePassword());
        return ExitCode.Ok;
    }
}
