namespace IronSeal.Tool;

/// <summary>
/// The tool's exit codes. Scripts tell "the seal did not open" (a fact about the seal) from "the tool was called
/// wrongly" (a fact about the script), so the two never share a code.
/// </summary>
internal static class ExitCode
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The seal was refused: expired, wrong password, unknown password id, tampered, not a seal.</summary>
    public const int Refused = 1;

    /// <summary>Bad usage or input: unknown command or option, no password, a text that is not a seal, JSON that does not parse.</summary>
    public const int Usage = 2;
}
