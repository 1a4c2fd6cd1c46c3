using System.Diagnostics.Metrics;

namespace IronSeal;

/// <summary>
/// The <c>IronSeal</c> meter (<see cref="System.Diagnostics.Metrics"/>): what sessions do, for dashboards and alerts, e.g.
/// a spike of refused cookies with reason <c>BadMac</c> after a deploy that changed the password. Every instrument is
/// a counter tagged with the cookie name (<c>ironseal.cookie.name</c>); a measurement costs nothing while nobody listens.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>ironseal.sessions.opened</c>: sessions read from a request, tag <c>ironseal.session.state</c> = <c>valid</c>
/// (the cookie opened), <c>none</c> (no cookie) or <c>refused</c> (a cookie that did not open: an empty session).</item>
/// <item><c>ironseal.cookies.refused</c>: cookies that did not open, tag <c>ironseal.seal.error</c> = the
/// <see cref="SealError"/> name (<c>Expired</c>, <c>BadMac</c>, <c>UnknownPasswordId</c>, …).</item>
/// <item><c>ironseal.sessions.saved</c>, <c>ironseal.sessions.renewed</c> (rolling re-issues),
/// <c>ironseal.sessions.destroyed</c>, and <c>ironseal.sessions.too_large</c> (saves refused because the cookie would
/// pass the browsers' 4096 bytes).</item>
/// <item><c>ironseal.sessions.warnings</c>: sessions shared with another app that did not line up, tag
/// <c>ironseal.warning</c> = the <see cref="SessionWarningKind"/> name.</item>
/// </list>
/// </remarks>
internal static class SessionMetrics
{
    public const string MeterName = "IronSeal";

    private const string CookieTag = "ironseal.cookie.name";

    private static readonly Meter s_meter = new(MeterName, typeof(SessionMetrics).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> s_opened = s_meter.CreateCounter<long>("ironseal.sessions.opened", "{session}", "Sessions read from requests, by state (valid, none, refused).");
    private static readonly Counter<long> s_refused = s_meter.CreateCounter<long>("ironseal.cookies.refused", "{cookie}", "Session cookies that did not open, by SealError reason.");
    private static readonly Counter<long> s_saved = s_meter.CreateCounter<long>("ironseal.sessions.saved", "{session}", "Sessions saved (a Set-Cookie written).");
    private static readonly Counter<long> s_renewed = s_meter.CreateCounter<long>("ironseal.sessions.renewed", "{session}", "Rolling sessions re-issued with their data as read.");
    private static readonly Counter<long> s_destroyed = s_meter.CreateCounter<long>("ironseal.sessions.destroyed", "{session}", "Sessions destroyed (signed out).");
    private static readonly Counter<long> s_tooLarge = s_meter.CreateCounter<long>("ironseal.sessions.too_large", "{session}", "Saves refused because the cookie would be too large.");
    private static readonly Counter<long> s_warnings = s_meter.CreateCounter<long>("ironseal.sessions.warnings", "{warning}", "Sessions shared with another app that did not line up, by SessionWarningKind.");
    private static readonly string[] s_errorNames = Enum.GetNames<SealError>();
    private static readonly SealError[] s_errorValues = Enum.GetValues<SealError>();

    public static void Opened(string cookieName, string state)
    {
        if (s_opened.Enabled)
        {
            s_opened.Add(1, new KeyValuePair<string, object?>(CookieTag, cookieName), new KeyValuePair<string, object?>("ironseal.session.state", state));
        }
    }

    public static void Refused(string cookieName, SealError reason)
    {
        if (s_refused.Enabled)
        {
            int index = Array.IndexOf(s_errorValues, reason);
            s_refused.Add(1, new KeyValuePair<string, object?>(CookieTag, cookieName), new KeyValuePair<string, object?>("ironseal.seal.error", index < 0 ? reason.ToString() : s_errorNames[index]));
        }
    }

    public static void Warned(string cookieName, SessionWarningKind kind)
    {
        if (s_warnings.Enabled)
        {
            s_warnings.Add(1, new KeyValuePair<string, object?>(CookieTag, cookieName), new KeyValuePair<string, object?>("ironseal.warning", kind.ToString()));
        }
    }

    public static void Saved(string cookieName) => Count(s_saved, cookieName);

    public static void Renewed(string cookieName) => Count(s_renewed, cookieName);

    public static void Destroyed(string cookieName) => Count(s_destroyed, cookieName);

    public static void TooLarge(string cookieName) => Count(s_tooLarge, cookieName);

    private static void Count(Counter<long> counter, string cookieName)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(CookieTag, cookieName));
        }
    }
}
