using Microsoft.Extensions.Logging;

namespace IronSeal;

/// <summary>
/// Everything the adapter logs, under the category <c>IronSeal</c>, each with its own event id (stable: dashboards and
/// filters may rely on them).
/// </summary>
internal static partial class SessionLog
{
    /// <summary>The log category: filter with <c>"Logging:LogLevel:IronSeal"</c>.</summary>
    public const string Category = "IronSeal";

    [LoggerMessage(EventId = 1, EventName = "CookieRefused", Level = LogLevel.Debug,
        Message = "The session cookie {CookieName} did not open ({Reason}); the request gets an empty session.")]
    public static partial void CookieRefused(ILogger logger, string cookieName, SealError reason);

    [LoggerMessage(EventId = 2, EventName = "RenewalFailed", Level = LogLevel.Error,
        Message = "Renewing the {SessionType} session failed; the response goes out without a renewed cookie.")]
    public static partial void RenewalFailed(ILogger logger, Exception exception, string sessionType);

    [LoggerMessage(EventId = 3, EventName = "OptionsReloaded", Level = LogLevel.Information,
        Message = "The {SessionType} session settings were reloaded from configuration; they apply from the next request.")]
    public static partial void OptionsReloaded(ILogger logger, string sessionType);

    [LoggerMessage(EventId = 4, EventName = "ReloadRefused", Level = LogLevel.Error,
        Message = "The reloaded {SessionType} session settings are invalid and were not applied; the last good settings stay. {Reason}")]
    public static partial void ReloadRefused(ILogger logger, string sessionType, string reason);

    [LoggerMessage(EventId = 5, EventName = "SessionWarning", Level = LogLevel.Warning,
        Message = "The session cookie {CookieName} ({Kind}, read as {DataType}): {Detail}")]
    public static partial void SessionWarning(ILogger logger, string cookieName, SessionWarningKind kind, string dataType, string detail);

    [LoggerMessage(EventId = 6, EventName = "CircuitSignedOut", Level = LogLevel.Information,
        Message = "A Blazor circuit's user was signed out: {Reason}.")]
    public static partial void CircuitSignedOut(ILogger logger, string reason);

    [LoggerMessage(EventId = 7, EventName = "SingleUseNotAtomic", Level = LogLevel.Warning,
        Message = "Single-use tokens are recorded in the app's IDistributedCache ({CacheType}), which has no atomic add: two instances presenting the same token within one cache round trip can both accept it. " +
            "For exactly-once use across instances register an atomic store (services.AddIronSealRedis(…) from IronSeal.StackExchangeRedis, or your own ISingleUseStore).")]
    public static partial void SingleUseNotAtomic(ILogger logger, string cacheType);

    [LoggerMessage(EventId = 8, EventName = "SessionRevoked", Level = LogLevel.Information,
        Message = "The session cookie {CookieName} was refused: {Reason}. The request gets an empty session.")]
    public static partial void SessionRevoked(ILogger logger, string cookieName, string reason);

    [LoggerMessage(EventId = 9, EventName = "RevocationStoreFailed", Level = LogLevel.Error,
        Message = "The revocation store failed while checking the session cookie {CookieName}; {Outcome}.")]
    public static partial void RevocationStoreFailed(ILogger logger, Exception exception, string cookieName, string outcome);

    [LoggerMessage(EventId = 10, EventName = "StoreInMemory", Level = LogLevel.Information,
        Message = "{What} are kept in this instance's memory ({StoreType}): right for one instance; with several, each would know only its own. For a fleet register a shared store: services.AddIronSealRedis(…) from IronSeal.StackExchangeRedis.")]
    public static partial void StoreInMemory(ILogger logger, string what, string storeType);

    [LoggerMessage(EventId = 11, EventName = "SignOutNotRevoked", Level = LogLevel.Error,
        Message = "The sign-out of the session cookie {CookieName} could not revoke the session in the revocation store: this browser is signed out, a copy of its cookie is not.")]
    public static partial void SignOutNotRevoked(ILogger logger, Exception exception, string cookieName);
}
