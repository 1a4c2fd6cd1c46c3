namespace IronSeal;

/// <summary>
/// A save of a session whose cookie opened but whose data did not fit the type (<see cref="SessionWarningKind.DataDoesNotFit"/>):
/// the session was read as empty, and saving it in place would erase what the app that wrote it keeps there. Make the
/// member's type the same in both apps, or replace <c>Data</c> with a new object (as a sign-in does), which starts the
/// session over on purpose.
/// </summary>
/// <remarks>Derives from <see cref="InvalidOperationException"/>, like the other misuses of a session.</remarks>
public sealed class SessionDataDoesNotFitException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="cookieName"/>, the member at <paramref name="jsonPath"/> (when known) and the type.</summary>
    /// <param name="cookieName">The session's cookie name.</param>
    /// <param name="jsonPath">The member that did not fit, e.g. <c>$.userId</c>, or null.</param>
    /// <param name="dataType">The session data type.</param>
    public SessionDataDoesNotFitException(string cookieName, string? jsonPath, Type dataType)
        : base(
            $"The session cookie \"{cookieName}\" opened but its data does not fit {dataType?.Name}{(jsonPath is null ? "" : $" at {jsonPath}")}, so it was read as empty; " +
            "saving it in place would erase what the app that wrote it keeps there. Make the member's type the same in both apps, " +
            "or set Data to a new object (as a sign-in does) to start the session over on purpose.")
    {
        CookieName = cookieName;
        JsonPath = jsonPath;
    }

    /// <summary>The session's cookie name.</summary>
    public string CookieName { get; }

    /// <summary>The member that did not fit (<c>$.userId</c>), when known.</summary>
    public string? JsonPath { get; }
}
