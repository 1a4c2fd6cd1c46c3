namespace IronSeal.Tool;

/// <summary>
/// A mistake in how the tool was called or in what it was given (exit code 2). Thrown from deep in a command so the
/// one place in <see cref="Cli"/> prints it the same way every time; never carries a password.
/// </summary>
internal sealed class UsageException : Exception
{
    /// <summary>Creates the exception with the sentence the user will read.</summary>
    /// <param name="message">What is wrong and what to do instead.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// Wraps IronSeal's own explanation of a bad option (a short password, a non-integer id). Its sentences are written
    /// for the user already; only the " (Parameter 'x')" that <see cref="ArgumentException.Message"/> appends, which
    /// names a C# parameter the tool's user never sees, is dropped.
    /// </summary>
    /// <param name="exception">The exception IronSeal threw.</param>
    /// <returns>The usage exception.</returns>
    public static UsageException From(ArgumentException exception)
    {
        string message = exception.Message;
        string suffix = $" (Parameter '{exception.ParamName}')";
        if (exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        return new UsageException(message);
    }
}
