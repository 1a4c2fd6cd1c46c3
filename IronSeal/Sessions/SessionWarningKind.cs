namespace IronSeal;

/// <summary>What a <see cref="SessionWarning"/> is about: a session shared with another app that did not line up.</summary>
public enum SessionWarningKind
{
    /// <summary>
    /// The cookie opened (its MAC verified, so a holder of the password wrote it) but its JSON does not fit the .NET
    /// type, e.g. <c>"userId": 42</c> for a <c>string UserId</c>: the request gets an empty session.
    /// <see cref="SessionWarning.JsonPath"/> names the member (<c>$.userId</c>).
    /// </summary>
    DataDoesNotFit = 1,

    /// <summary>
    /// The cookie opened and its JSON has members, but none of them is a member of the .NET type: the names differ,
    /// most often in case (a source-generated context without <c>JsonSerializerDefaults.Web</c> expects <c>UserId</c>
    /// where Node writes <c>userId</c>). The request sees the type's defaults.
    /// </summary>
    NoMemberMatched = 2,

    /// <summary>
    /// The request carried two cookies of the session's name (a host-only and a domain cookie, or two paths): IronSeal
    /// reads the first, a Next.js app's <c>cookies()</c> the last, so the apps can see different sessions.
    /// </summary>
    DuplicateCookie = 3,
}
