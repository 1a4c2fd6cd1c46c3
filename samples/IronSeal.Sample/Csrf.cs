using System.Security.Cryptography;
using System.Text;

namespace IronSeal.Sample;

/// <summary>
/// A per-session CSRF token (the synchronizer-token pattern): stored in the sealed session, echoed by every form,
/// compared in constant time.
/// </summary>
public static class Csrf
{
    public const string FieldName = "_csrf";

    /// <summary>Makes sure the session has a token; returns true when one was created (the session must be saved).</summary>
    public static bool Ensure(AppSession session)
    {
        if (session.CsrfToken is not null)
        {
            return false;
        }

        session.CsrfToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return true;
    }

    public static bool IsValid(AppSession session, string? submitted) =>
        session.CsrfToken is { } expected && submitted is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(submitted));
}
