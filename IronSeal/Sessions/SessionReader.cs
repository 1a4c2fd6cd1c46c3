using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// How every session is read, whatever its format: the second cookie of the same name reported, the seal opened by the
/// format, every outcome counted, a refusal told to <c>OnUnsealError</c> and, for data that opened but did not fit the
/// type, warned about and remembered so that no save erases what another app keeps there.
/// </summary>
internal static class SessionReader
{
    /// <summary>
    /// Opens <paramref name="seal"/> (read by the caller from the cookie or a header, in the request of
    /// <paramref name="store"/>) with <paramref name="format"/> at <paramref name="now"/> (ms since the epoch). True with
    /// the <paramref name="envelope"/> when it opened; false with an empty seal or a refusal (<paramref name="doesNotFit"/>
    /// set when the data did not fit <paramref name="typeInfo"/>'s type). With <paramref name="checkSecond"/> (the seal
    /// came from the cookie), a second cookie of the name is reported.
    /// </summary>
    public static bool TryRead<T>(
        ICookieStore store, SessionFormat format, JsonTypeInfo<T> typeInfo, ReadOnlySpan<char> seal, bool checkSecond, long now,
        out Envelope<T> envelope, out SessionWarning? doesNotFit)
        where T : class
    {
        envelope = default;
        doesNotFit = null;
        string name = format.CookieName;
        if (checkSecond && SessionWarnings.TrySecond(store, name, out string? second))
        {
            SealError? secondError = seal.SequenceEqual(second) ? null : format.TryOpen(second, typeInfo, now, out _, out _);
            SessionWarnings.Duplicate(format.OnWarning, name, typeof(T), seal, second, secondError);
        }

        if (seal.IsEmpty)
        {
            SessionMetrics.Opened(name, "none");
            return false;
        }

        SealError? error = format.TryOpen(seal, typeInfo, now, out envelope, out SealException? detail);
        if (error is not null)
        {
            doesNotFit = error == SealError.InvalidJson && format.DataDidNotFit(detail)
                ? SessionWarnings.DataDoesNotFit(format.OnWarning, name, typeof(T), detail)
                : null;
            SessionMetrics.Refused(name, error.Value);
            SessionMetrics.Opened(name, "refused");
            format.OnUnsealError?.Invoke(SealException.For(error.Value, detail));
            return false;
        }

        SessionMetrics.Opened(name, "valid");
        SessionWarnings.CheckMatched(format.OnWarning, name, typeof(T), envelope.Found);
        return true;
    }
}
