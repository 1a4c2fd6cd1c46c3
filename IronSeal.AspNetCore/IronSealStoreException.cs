namespace IronSeal;

/// <summary>
/// The store that remembers used tokens or revoked sessions failed (unreachable, timed out, refused the command): the
/// operation was not done. A <see cref="SingleUseGuard"/> that throws it has not let the token through; answer with an
/// error page that says to try again (the sample answers 503). The store's own exception is the inner exception.
/// </summary>
public sealed class IronSealStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, and what it means for the request.</param>
    /// <param name="innerException">The store's exception.</param>
    public IronSealStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
