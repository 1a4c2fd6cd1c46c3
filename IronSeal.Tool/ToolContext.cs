namespace IronSeal.Tool;

/// <summary>
/// Everything a command touches outside itself: the three standard streams, the environment and the clock. Passed in
/// rather than read from <see cref="Console"/> and <see cref="Environment"/> so a command can be run in-process with
/// other streams (tests, embedding) and the only global state is read once, in <see cref="Program"/>.
/// </summary>
/// <param name="Input">Standard input: the password line of <c>--password-stdin</c>, then a seal or JSON.</param>
/// <param name="Output">Standard output: the result only, so it can be piped.</param>
/// <param name="Error">Standard error: refusals, usage errors and notes.</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable (<c>IRONSEAL_PASSWORD</c>, <c>IRONSEAL_PASSWORDS</c>).</param>
/// <param name="Clock">The clock that decides whether a seal has expired.</param>
internal sealed record ToolContext(
    TextReader Input,
    TextWriter Output,
    TextWriter Error,
    Func<string, string?> GetEnvironmentVariable,
    TimeProvider Clock);
