using System.Runtime.CompilerServices;
using System.Security.Claims;

namespace IronSeal;

/// <summary>
/// When the session behind a user the IronSeal schemes authenticated expires (and how to check it is not revoked), kept
/// beside the principal (not among its claims): a Blazor circuit receives the principal of the request that started it, and
/// <see cref="SessionAuthenticationStateProvider"/> signs the circuit out once that session would no longer open.
/// </summary>
internal static class SessionPrincipals
{
    private static readonly ConditionalWeakTable<ClaimsPrincipal, Lifetime> s_lifetimes = [];

    /// <summary>
    /// Remembers that <paramref name="principal"/> comes from a session that expires at <paramref name="expiresAt"/>
    /// (null: never) and, with revocation on, what its revocation check was about.
    /// </summary>
    public static void Remember(ClaimsPrincipal principal, DateTimeOffset? expiresAt, RevocationSubject? subject) =>
        s_lifetimes.AddOrUpdate(principal, new Lifetime(expiresAt, subject));

    /// <summary>True when <paramref name="principal"/> came from an IronSeal session; <paramref name="expiresAt"/> is when it expires.</summary>
    public static bool TryGetExpiry(ClaimsPrincipal principal, out DateTimeOffset? expiresAt)
    {
        bool found = s_lifetimes.TryGetValue(principal, out Lifetime? lifetime);
        expiresAt = lifetime?.ExpiresAt;
        return found;
    }

    /// <summary>What the revocation check of the session behind <paramref name="principal"/> was about; null without revocation.</summary>
    public static RevocationSubject? SubjectOf(ClaimsPrincipal principal) =>
        s_lifetimes.TryGetValue(principal, out Lifetime? lifetime) ? lifetime.Subject : null;

    private sealed record Lifetime(DateTimeOffset? ExpiresAt, RevocationSubject? Subject);
}
