namespace IronSeal;

/// <summary>
/// <see cref="IronSession{T}.SaveAsync"/> was called after <see cref="IronSession{T}.Destroy"/> with data written back into
/// the session: saving would restore the cookie the sign-out just cleared. Open a new session in a later request instead.
/// </summary>
/// <remarks>Derives from <see cref="InvalidOperationException"/>, so code that caught that before still catches it.</remarks>
public sealed class SessionDestroyedException : InvalidOperationException
{
    /// <summary>Creates the exception with the standard message.</summary>
    public SessionDestroyedException()
        : base(
            "This session was destroyed and data was written back into it. Destroy() signs the user out, and saving would restore the cookie it just cleared. " +
            "Open a new session in a later request to sign someone in again.")
    {
    }
}
