namespace IronSeal;

/// <summary>
/// A save would write a session cookie browsers refuse: over 4096 bytes without <see cref="IronSessionOptions.Chunking"/>,
/// or more than four chunks with it. Nothing was written; the request's cookie is unchanged.
/// </summary>
/// <remarks>Derives from <see cref="InvalidOperationException"/>, so code that caught that before still catches it.</remarks>
public sealed class SessionCookieTooLargeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="cookieName">The session cookie's name.</param>
    /// <param name="bytes">The size the cookie (or, chunked, the whole seal) would have had.</param>
    /// <param name="message">What happened and what to change.</param>
    public SessionCookieTooLargeException(string cookieName, int bytes, string message)
        : base(message)
    {
        CookieName = cookieName;
        Bytes = bytes;
    }

    /// <summary>The session cookie's name.</summary>
    public string CookieName { get; }

    /// <summary>The size that was too large: the Set-Cookie header in bytes, or with chunking the seal's length.</summary>
    public int Bytes { get; }
}
