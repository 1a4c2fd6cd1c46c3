using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IronSeal;

/// <summary>
/// Logs <see cref="SessionWarning"/>s at Warning, each cause once per set of settings (a reload starts over): a schema
/// drift between two apps repeats on every request of every user, and one line says it. The meter counts them all.
/// </summary>
internal static class SessionWarningLog
{
    /// <summary>Causes remembered per set of settings; past that, a new cause is still logged, but forgotten.</summary>
    private const int MaxCauses = 256;

    public static Action<SessionWarning> OncePerCause(ILogger logger)
    {
        var seen = new ConcurrentDictionary<(SessionWarningKind, string), bool>();
        return warning =>
        {
            if (seen.ContainsKey((warning.Kind, warning.Cause)))
            {
                return;
            }

            if (seen.Count < MaxCauses)
            {
                seen.TryAdd((warning.Kind, warning.Cause), true);
            }

            SessionLog.SessionWarning(logger, warning.CookieName, warning.Kind, warning.DataType.Name, warning.Message);
        };
    }
}
