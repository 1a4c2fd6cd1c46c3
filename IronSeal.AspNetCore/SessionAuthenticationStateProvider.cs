using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>
/// The user of an interactive server (Blazor) circuit, as the IronSeal scheme authenticated the request that started
/// the circuit, rechecked every <see cref="SessionAuthenticationStateOptions.RevalidationInterval"/>: once the session
/// behind it has expired (its seal's expiry: ttl, <c>AbsoluteLifetime</c>, a sign-in's <c>ExpiresUtc</c>), was revoked
/// (<see cref="SessionRevocation"/>, when registered), or <see cref="SessionAuthenticationStateOptions.Revalidate"/>
/// refuses it, the circuit is signed out. Registered by
/// <c>AddIronSessionAuthenticationState()</c>.
/// </summary>
/// <remarks>
/// A circuit has no request: it cannot see a cookie renewed after it started, so it signs out when the session it
/// started with expires, even if the browser holds a renewed one (the next page load starts over with that one). Users
/// of other schemes are left to <see cref="SessionAuthenticationStateOptions.Revalidate"/>.
/// </remarks>
public sealed class SessionAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly SessionAuthenticationStateOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SessionRevocation? _revocation;

    /// <summary>Creates the provider of one circuit.</summary>
    /// <param name="loggerFactory">Logs sign-outs under the category <c>IronSeal</c>.</param>
    /// <param name="options">The revalidation settings.</param>
    /// <param name="timeProvider">The app's clock (the sessions' own); the system clock when none is registered.</param>
    /// <param name="revocation">With revocation on (<c>AddIronSessionRevocation&lt;T&gt;</c>), each revalidation also asks whether the session was revoked; null without.</param>
    public SessionAuthenticationStateProvider(
        ILoggerFactory loggerFactory, IOptions<SessionAuthenticationStateOptions> options, TimeProvider? timeProvider = null, SessionRevocation? revocation = null)
        : base(loggerFactory)
    {
        _revocation = revocation;
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger(SessionLog.Category);
    }

    /// <inheritdoc/>
    protected override TimeSpan RevalidationInterval => _options.RevalidationInterval;

    /// <inheritdoc/>
    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        ClaimsPrincipal user = authenticationState.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        if (SessionPrincipals.TryGetExpiry(user, out DateTimeOffset? expiresAt) && expiresAt <= _time.GetUtcNow())
        {
            SessionLog.CircuitSignedOut(_logger, "its session expired");
            return false;
        }

        if (_revocation is not null && SessionPrincipals.SubjectOf(user) is { } subject
            && await _revocation.CheckAsync(subject, cancellationToken).ConfigureAwait(false) is { } reason)
        {
            SessionLog.CircuitSignedOut(_logger, $"its session was revoked ({reason})");
            return false;
        }

        if (_options.Revalidate is { } revalidate && !await revalidate(user, cancellationToken).ConfigureAwait(false))
        {
            SessionLog.CircuitSignedOut(_logger, "SessionAuthenticationStateOptions.Revalidate refused the user");
            return false;
        }

        return true;
    }
}
