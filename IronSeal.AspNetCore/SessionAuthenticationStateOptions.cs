using System.Security.Claims;

namespace IronSeal;

/// <summary>How <see cref="SessionAuthenticationStateProvider"/> rechecks the user of a long-lived Blazor circuit.</summary>
public sealed class SessionAuthenticationStateOptions
{
    /// <summary>
    /// How often a circuit's user is rechecked (default one minute): a session that expired, or that <see cref="Revalidate"/>
    /// refuses, signs the circuit out within this interval. Must be more than zero.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// An extra check at each revalidation, after the expiry check: return false to sign the circuit out (a revoked
    /// session, a disabled account). Runs on the circuit, outside any request; null for none.
    /// </summary>
    public Func<ClaimsPrincipal, CancellationToken, Task<bool>>? Revalidate { get; set; }
}
