using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace IronSeal;

/// <summary>
/// Finds what a <see cref="SessionWarning"/> reports, for both session formats: data that opened but does not fit the
/// type, data in which none of the type's members were found, and two cookies of the session's name in one request.
/// Every warning is counted in the meter and handed to the options' sink.
/// </summary>
internal static class SessionWarnings
{
    /// <summary>A refusal for <see cref="SealError.InvalidJson"/> of a seal whose MAC verified: schema drift, not an attack.</summary>
    public static SessionWarning DataDoesNotFit(Action<SessionWarning>? sink, string cookieName, Type dataType, SealException? detail)
    {
        JsonException? json = detail?.InnerException as JsonException;
        string? path = json?.Path;
        string what = json is null ? detail?.Message ?? "it is not JSON of that shape" : json.Message;
        return Report(sink, new SessionWarning(
            SessionWarningKind.DataDoesNotFit, cookieName, dataType, path ?? "(document)", path,
            $"The session cookie \"{cookieName}\" opened (its MAC verified: an app holding the password wrote it) but its data does not fit {dataType.Name}" +
            $"{(path is null ? "" : $" at {path}")}: {what} The request gets an empty session, which refuses a save in place (SessionDataDoesNotFitException) so that nothing the other app keeps is erased. " +
            "Another app writes this session with another schema: make the member's type the same on both sides."));
    }

    /// <summary>The second cookie named <paramref name="name"/> in the request's header, when there is one.</summary>
    public static bool TrySecond(ICookieStore store, string name, [NotNullWhen(true)] out string? second)
    {
        second = null;
        return SessionCookies.TryGetSecond(SessionCookies.HeaderOf(store), name, out second);
    }

    /// <summary>A session that opened with members of which the type declares none.</summary>
    public static void CheckMatched(Action<SessionWarning>? sink, string cookieName, Type dataType, KeptMembers.Found found)
    {
        if (!found.NoneMatched)
        {
            return;
        }

        Report(sink, new SessionWarning(
            SessionWarningKind.NoMemberMatched, cookieName, dataType, "none", null,
            $"The session cookie \"{cookieName}\" opened with {found.Members} member(s) (e.g. \"{found.FirstUnmatched}\") and none of them is a member of {dataType.Name}, " +
            "so the request sees its defaults. The JSON names differ, most often in case: Node writes camelCase, so a source-generated context needs " +
            "[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)] (or [JsonPropertyName] on each member) to read it."));
    }

    /// <summary>
    /// Two cookies named <paramref name="name"/> in one request: <paramref name="first"/> is what the session read,
    /// <paramref name="second"/> the other one, and <paramref name="secondError"/> why the second does not open (null
    /// when it opens, or when the two are equal and it was not tried).
    /// </summary>
    public static void Duplicate(Action<SessionWarning>? sink, string name, Type dataType, ReadOnlySpan<char> first, string second, SealError? secondError)
    {
        (string cause, string differs) = first.SequenceEqual(second)
            ? ("same-value", "Both hold the same value now, but the next save by one app updates only the cookie it addresses.")
            : first.IsEmpty
                ? ("first-empty", "The first is empty (one app cleared its cookie), so IronSeal sees no session while the other app may see one.")
                : secondError is { } reason
                    ? ($"second-refused:{reason}", $"The second does not open ({reason}): a stale cookie, or one written with other passwords.")
                    : ("both-open", "Both open, to different sessions: the apps sharing this session see different data, and a sign-out in one leaves the other cookie signed in.");
        Report(sink, new SessionWarning(
            SessionWarningKind.DuplicateCookie, name, dataType, cause, null,
            $"The request carried two cookies named \"{name}\". IronSeal reads the first, as iron-session's (req, res) form does; a Next.js app reading cookies() sees the last. {differs} " +
            $"A browser keeps two cookies of one name when they differ in Domain or Path: give every app that writes \"{name}\" the same Domain and Path " +
            "(IronSession:Cookie:Domain and :Path here, cookieOptions.domain and .path in iron-session), then expire the stray one (Max-Age=0 with its own Domain and Path)."));
    }

    private static SessionWarning Report(Action<SessionWarning>? sink, SessionWarning warning)
    {
        SessionMetrics.Warned(warning.CookieName, warning.Kind);
        sink?.Invoke(warning);
        return warning;
    }
}
