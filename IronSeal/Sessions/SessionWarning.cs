namespace IronSeal;

/// <summary>
/// Something a session noticed that its developers should hear about, though no one attacked anything: another app
/// shares the session with another schema or another cookie scope. Given to <see cref="IronSessionOptions.OnWarning"/>
/// and <see cref="H3SessionOptions.OnWarning"/> (the ASP.NET Core adapter logs it at Warning, once per cause), and
/// counted in the <c>IronSeal</c> meter as <c>ironseal.sessions.warnings</c>.
/// </summary>
public sealed class SessionWarning
{
    internal SessionWarning(SessionWarningKind kind, string cookieName, Type dataType, string cause, string? jsonPath, string message)
    {
        Kind = kind;
        CookieName = cookieName;
        DataType = dataType;
        Cause = cause;
        JsonPath = jsonPath;
        Message = message;
    }

    /// <summary>What the warning is about.</summary>
    public SessionWarningKind Kind { get; }

    /// <summary>The session's cookie name.</summary>
    public string CookieName { get; }

    /// <summary>The .NET type the session's data is read as.</summary>
    public Type DataType { get; }

    /// <summary>
    /// A short, stable key for the cause within its kind, for logging each cause once: the JSON path for
    /// <see cref="SessionWarningKind.DataDoesNotFit"/>, <c>none</c> for <see cref="SessionWarningKind.NoMemberMatched"/>,
    /// and for <see cref="SessionWarningKind.DuplicateCookie"/> <c>same-value</c>, <c>both-open</c> or
    /// <c>second-refused:Reason</c>.
    /// </summary>
    public string Cause { get; }

    /// <summary>The member that did not fit (<c>$.userId</c>), when there is one.</summary>
    public string? JsonPath { get; }

    /// <summary>What happened and what to align. Holds no session data.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} ({CookieName}): {Message}";
}
