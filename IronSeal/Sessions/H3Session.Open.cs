using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

// Reading an h3 session: the cookie or header, the seal (2.x: strengthened keys, then the one-round fallback), h3's age checks.
public sealed partial class H3Session<T>
{
    internal static H3Session<T> Open(ICookieStore store, H3SessionConfig config, JsonTypeInfo<T> typeInfo, Func<string, string?>? requestHeader)
    {
        ReadOnlySpan<char> seal = default;
        if (requestHeader is not null && config.HeaderName.Length != 0)
        {
            seal = requestHeader(config.HeaderName);
        }

        bool fromCookie = seal.IsEmpty;
        H3SessionOptions options = config.Options;
        long now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        SessionWarning? doesNotFit = null;
        if (fromCookie)
        {
            seal = SessionCookies.ReadH3(store, options.Name, config.IsV2);
            if (SessionWarnings.TrySecond(store, options.Name, out string? second))
            {
                SealError? secondError = seal.SequenceEqual(second) ? null : TryOpen(second, config, typeInfo, now, out _, out _, out _);
                SessionWarnings.Duplicate(options.OnWarning, options.Name, typeof(T), seal, second, secondError);
            }
        }

        if (!seal.IsEmpty)
        {
            SealError? error = TryOpen(seal, config, typeInfo, now, out Envelope envelope, out SealException? detail, out bool oneRound);
            if (error is null)
            {
                long? lastSeenAt = envelope.LastSeenAt != 0 ? envelope.LastSeenAt : null;
                var session = new H3Session<T>(store, config, typeInfo, envelope.Id, envelope.CreatedAt, lastSeenAt, envelope.Data, isNew: false, envelope.Kept);
                // h3 2.x re-saves, when read from the cookie, a session past half its idle timeout or sealed with one round.
                SessionMetrics.Opened(config.Options.Name, "valid");
                SessionWarnings.CheckMatched(options.OnWarning, options.Name, typeof(T), envelope.Found);
                if (fromCookie && config.IsV2 && (oneRound || ShouldSlide(config, session, now)))
                {
                    session.Write(now, slide: true);
                    SessionMetrics.Renewed(config.Options.Name);
                }

                return session;
            }

            doesNotFit = error == SealError.InvalidJson && detail?.InnerException is JsonException
                ? SessionWarnings.DataDoesNotFit(options.OnWarning, options.Name, typeof(T), detail)
                : null;
            SessionMetrics.Refused(config.Options.Name, error.Value);
            config.Options.OnUnsealError?.Invoke(SealException.For(error.Value, detail));
        }

        SessionMetrics.Opened(config.Options.Name, seal.IsEmpty ? "none" : "refused");
        return new H3Session<T>(store, config, typeInfo, NewId(), now, null, CreateEmpty(typeInfo), isNew: true) { _doesNotFit = doesNotFit };
    }

    /// <summary>h3 2.x's <c>shouldSlide</c>: more than half the idle timeout since <c>lastSeenAt</c> (or <c>createdAt</c>).</summary>
    private static bool ShouldSlide(H3SessionConfig config, H3Session<T> session, long now)
    {
        if (config.IdleTimeoutMilliseconds == 0)
        {
            return false;
        }

        long lastSeen = session.LastSeenAt?.ToUnixTimeMilliseconds() ?? session.CreatedAt.ToUnixTimeMilliseconds();
        return now - lastSeen > config.IdleTimeoutMilliseconds * 0.5;
    }

    /// <summary>Opens a seal as h3's <c>unsealSession</c>: the seal (2.x: 8192 rounds, then one), then h3's own age checks.</summary>
    private static SealError? TryOpen(
        ReadOnlySpan<char> seal, H3SessionConfig config, JsonTypeInfo<T> typeInfo, long now, out Envelope envelope, out SealException? detail, out bool oneRound)
    {
        envelope = default;
        detail = null;
        oneRound = false;
        PasswordSet passwords = config.Options.Password;
        long skew = SealOptions.DefaultClockSkew.Ticks / TimeSpan.TicksPerMillisecond;
        SealError? error = SealCodec.TryOpen(seal, passwords, now, skew, config.Iterations, out Plaintext plaintext);
        if (error == SealError.BadMac && config.Iterations != KeyDerivation.IronIterations)
        {
            // h3 2.x's legacySealFallback: a seal made by h3 1.x (or 2.x before it strengthened its keys) still opens.
            error = SealCodec.TryOpen(seal, passwords, now, skew, KeyDerivation.IronIterations, out plaintext);
            oneRound = error is null;
        }

        if (error is not null)
        {
            return error;
        }

        using (plaintext)
        {
            try
            {
                (string id, long createdAt, long lastSeenAt, T data) = H3Envelope.Read(plaintext.Bytes, typeInfo, out byte[]? kept, out KeptMembers.Found found);
                envelope = new Envelope(id, createdAt, lastSeenAt, data, kept, found);
            }
            catch (SealException exception)
            {
                detail = exception;
                return exception.Reason;
            }
        }

        // h3: a missing createdAt (or lastSeenAt) counts as -Infinity, so any limit refuses it; the limits are strict (>).
        if (config.MaxAgeMilliseconds != 0 && (envelope.CreatedAt == 0 || now - envelope.CreatedAt > config.MaxAgeMilliseconds))
        {
            detail = new SealException(SealError.Expired, "The h3 session is older than H3SessionOptions.MaxAge since its createdAt; the user must sign in again.");
            return SealError.Expired;
        }

        long lastSeen = envelope.LastSeenAt != 0 ? envelope.LastSeenAt : envelope.CreatedAt;
        if (config.IdleTimeoutMilliseconds != 0 && (lastSeen == 0 || now - lastSeen > config.IdleTimeoutMilliseconds))
        {
            detail = new SealException(SealError.Expired, "The h3 session was idle for longer than H3SessionOptions.IdleTimeout; the user must sign in again.");
            return SealError.Expired;
        }

        return null;
    }
}
