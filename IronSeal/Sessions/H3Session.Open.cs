using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

// Reading an h3 session: the header h3 reads first, else the cookie; h3 2.x's re-save of a due or one-round session.
public sealed partial class H3Session<T>
{
    internal static H3Session<T> Open(ICookieStore store, H3SessionFormat format, JsonTypeInfo<T> typeInfo, Func<string, string?>? requestHeader)
    {
        ReadOnlySpan<char> seal = requestHeader is not null && format.HeaderName.Length != 0 ? requestHeader(format.HeaderName) : default;
        bool fromCookie = seal.IsEmpty;
        if (fromCookie)
        {
            seal = format.ReadSeal(store);
        }

        long now = format.Now();
        if (!SessionReader.TryRead(store, format, typeInfo, seal, checkSecond: fromCookie, now, out Envelope<T> opened, out SessionWarning? doesNotFit))
        {
            return new H3Session<T>(store, format, new SessionBody<T>(typeInfo, SessionBody<T>.CreateEmpty(typeInfo), doesNotFit: doesNotFit), NewId(), now, null, isNew: true);
        }

        long? lastSeenAt = opened.LastSeenAt != 0 ? opened.LastSeenAt : null;
        var session = new H3Session<T>(store, format, new SessionBody<T>(typeInfo, opened.Data, opened.Kept), opened.Id!, opened.CreatedAt, lastSeenAt, isNew: false);

        // h3 2.x re-saves, when read from the cookie, a session past half its idle timeout or sealed with one round.
        if (fromCookie && format.IsV2 && (opened.Fallback || format.ShouldSlide(lastSeenAt ?? opened.CreatedAt, now)))
        {
            session.Write(now, slide: true);
            SessionMetrics.Renewed(format.CookieName);
        }

        return session;
    }
}
