using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>The scheme over an h3 session (<c>AddH3Session&lt;T&gt;</c>, nuxt-auth-utils); sign-out clears it as h3 does.</summary>
/// <typeparam name="T">The session's <c>data</c> type.</typeparam>
internal sealed class H3SessionAuthenticationHandler<T>(IOptionsMonitor<SessionAuthenticationOptions<T>> options, ILoggerFactory logger, UrlEncoder encoder)
    : SessionAuthenticationHandler<T>(options, logger, encoder)
    where T : class
{
    private ValueTask<H3Session<T>> SessionAsync() => Context.GetH3SessionAsync<T>(Context.RequestAborted);

    protected override Type SessionServiceType => typeof(H3Session<T>);

    protected override async ValueTask<(T? Data, DateTimeOffset? ExpiresAt, bool IsPersistent)> ReadAsync()
    {
        H3Session<T> session = await SessionAsync().ConfigureAwait(false);
        return (session.Data, session.ExpiresAt, true);
    }

    protected override async ValueTask EndAsync()
    {
        H3Session<T> session = await SessionAsync().ConfigureAwait(false);
        await RevokeAsync(static (revocation, session, cancellationToken) => revocation.RevokeAsync(session, cancellationToken), session).ConfigureAwait(false);
        session.Clear();
    }

    protected override async ValueTask<T> RestartAsync(AuthenticationProperties properties)
    {
        if (properties.ExpiresUtc is not null)
        {
            throw new NotSupportedException(
                $"IronSeal: the h3 authentication scheme '{Scheme.Name}' cannot end a session at AuthenticationProperties.ExpiresUtc: h3 sessions end by H3SessionOptions.MaxAge " +
                "and IdleTimeout, which every h3 app sharing the cookie enforces. Leave ExpiresUtc unset (for OpenID Connect: UseTokenLifetime = false).");
        }

        H3Session<T> session = await SessionAsync().ConfigureAwait(false);
        session.Restart();
        return session.Data;
    }

    protected override async ValueTask SaveAsync() => await (await SessionAsync().ConfigureAwait(false)).SaveAsync(Context.RequestAborted).ConfigureAwait(false);
}
