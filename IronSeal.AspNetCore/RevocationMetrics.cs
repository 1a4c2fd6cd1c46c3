using System.Diagnostics.Metrics;

namespace IronSeal;

/// <summary>
/// Revocation's instruments in the <c>IronSeal</c> meter, tagged with the cookie name (<c>ironseal.cookie.name</c>):
/// <c>ironseal.sessions.revoked</c> (sessions refused, tag <c>ironseal.revocation.reason</c> = <c>session</c>,
/// <c>user</c> or <c>store_unavailable</c>) and <c>ironseal.revocation.store_failures</c> (checks the store failed,
/// tag <c>ironseal.revocation.outcome</c> = <c>refused</c> or <c>accepted</c>).
/// </summary>
internal static class RevocationMetrics
{
    private const string CookieTag = "ironseal.cookie.name";

    private static readonly Meter s_meter = new("IronSeal", typeof(RevocationMetrics).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> s_revoked = s_meter.CreateCounter<long>("ironseal.sessions.revoked", "{session}", "Sessions refused by revocation, by reason (session, user, store_unavailable).");
    private static readonly Counter<long> s_storeFailures = s_meter.CreateCounter<long>("ironseal.revocation.store_failures", "{check}", "Revocation checks the store failed, by outcome (refused, accepted).");

    public static void Revoked(string cookieName, string reason)
    {
        if (s_revoked.Enabled)
        {
            s_revoked.Add(1, new KeyValuePair<string, object?>(CookieTag, cookieName), new KeyValuePair<string, object?>("ironseal.revocation.reason", reason));
        }
    }

    public static void StoreFailed(string cookieName, bool refused)
    {
        if (s_storeFailures.Enabled)
        {
            s_storeFailures.Add(1, new KeyValuePair<string, object?>(CookieTag, cookieName), new KeyValuePair<string, object?>("ironseal.revocation.outcome", refused ? "refused" : "accepted"));
        }
    }
}
