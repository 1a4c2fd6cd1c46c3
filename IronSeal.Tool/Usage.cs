namespace IronSeal.Tool;

/// <summary>The help text: what <c>ironseal --help</c> prints, and what bad usage points to.</summary>
internal static class Usage
{
    /// <summary>The full help, commands first, then where passwords come from and why not from the command line.</summary>
    public const string Text =
        """
        ironseal: look inside iron-session (Fe26.2) seals, open them, make them.

        Usage:
          ironseal inspect <seal> [--json]                     what a seal says about itself; needs no password
          ironseal unseal <seal> [--purpose <name>] [--password-stdin]
                                                               open a seal and print its JSON, or why it is refused
          ironseal seal [--ttl <seconds>] [--purpose <name>] [--password-stdin]
                                                               seal the JSON read from standard input
          ironseal password                                    print a new random password (43 characters)
          ironseal --help                                      this text

        <seal> is a seal, a Cookie header or a name=value pair as copied from the browser's dev tools,
        or - to read it from standard input.

        Passwords come from the environment or standard input, never from the command line
        (other users can read command lines, and shell history keeps them):
          IRONSEAL_PASSWORD    one password, id 1 (how iron-session treats a string password)
          IRONSEAL_PASSWORDS   several, as JSON: {"2":"new secret","1":"old secret"}; the highest id seals
          --password-stdin     the first line of standard input (then the seal or JSON follows)

        --ttl       lifetime in seconds; default 1209600 (14 days, iron-session's default); 0 = never expires.
        --purpose   the seal's purpose (SealOptions.Purpose, e.g. magic-link): a seal made for one opens only with it.

        Exit codes: 0 ok, 1 the seal was refused, 2 usage or input error.
        """;

    /// <summary>The line that follows a usage error.</summary>
    public const string Hint = "Run 'ironseal --help' for usage.";
}
