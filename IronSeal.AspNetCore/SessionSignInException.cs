namespace IronSeal;

/// <summary>
/// A sign-in through an IronSeal scheme that could not be written: the scheme's
/// <see cref="SessionAuthenticationOptions{T}.SignIn"/> mapping threw, wrote data from which
/// <see cref="SessionAuthenticationOptions{T}.GetClaims"/> reads no user (the principal lacks what the mapping needs),
/// or the session does not fit its cookie. Nothing was saved, and the request's session was ended (its cookie deleted),
/// so no half-written session reaches the browser.
/// </summary>
/// <remarks>Derives from <see cref="InvalidOperationException"/>. The message says what to change.</remarks>
public sealed class SessionSignInException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what to change.</param>
    /// <param name="innerException">The mapping's or the save's exception, if any.</param>
    public SessionSignInException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
