namespace IronSeal;

/// <summary>
/// A cookie store was asked to set a cookie after the response had started: the headers are gone, so the session cannot
/// be saved or destroyed any more. Save or destroy the session before writing the response body. Thrown by adapters'
/// <see cref="ICookieStore.Set"/>; a custom store should throw it too.
/// </summary>
/// <remarks>Derives from <see cref="InvalidOperationException"/>, so code that caught that before still catches it.</remarks>
public sealed class ResponseAlreadyStartedException : InvalidOperationException
{
    /// <summary>Creates the exception for a cookie.</summary>
    /// <param name="cookieName">The cookie that could not be set.</param>
    public ResponseAlreadyStartedException(string cookieName)
        : base($"Cannot set the session cookie \"{cookieName}\": the response has already started. Save or destroy the session before writing the response body.")
    {
        CookieName = cookieName;
    }

    /// <summary>The cookie that could not be set.</summary>
    public string CookieName { get; }
}
