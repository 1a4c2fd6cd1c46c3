using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>
/// Authenticates a request from its session data of <typeparamref name="T"/> (the user is whatever
/// <see cref="SessionAuthenticationOptions{T}.GetClaims"/> reads from it) and signs users in by writing them into a new
/// session (<see cref="SessionAuthenticationOptions{T}.SignIn"/>). Challenge redirects browsers to the login path and
/// answers API requests 401; forbid redirects browsers to the access-denied path and answers 403; sign-out ends the
/// session. Subclasses say which session (iron-session or h3).
/// </summary>
/// <typeparam name="T">The session data type.</typeparam>
internal abstract class SessionAuthenticationHandler<T>(IOptionsMonitor<SessionAuthenticationOptions<T>> options, ILoggerFactory logger, UrlEncoder encoder)
    : SignInAuthenticationHandler<SessionAuthenticationOptions<T>>(options, logger, encoder)
    where T : class
{
    /// <summary>How every failed sign-in's message ends: what happened to the session, and what the caller must do for the browser to learn it.</summary>
    private const string NothingSaved =
        "Nothing was saved; the session is ended in this response (catch the exception to send that response: unhandled, it is discarded and the browser keeps the cookie it sent).";

    /// <summary>The events; <see cref="AuthenticationSchemeOptions.EventsType"/> resolves them from DI.</summary>
    protected new SessionAuthenticationEvents<T> Events
    {
        get => (SessionAuthenticationEvents<T>)base.Events!;
        set => base.Events = value;
    }

    /// <summary>The request's session data, or null when the session was ended in this request; when it expires; whether its cookie outlives the browser.</summary>
    protected abstract ValueTask<(T? Data, DateTimeOffset? ExpiresAt, bool IsPersistent)> ReadAsync();

    /// <summary>Ends the request's session (the cookie is deleted).</summary>
    protected abstract ValueTask EndAsync();

    /// <summary>Starts a new, empty session in place (fixation: nothing of the old one is kept), shaped by the sign-in's properties; returns its data.</summary>
    protected abstract ValueTask<T> RestartAsync(AuthenticationProperties properties);

    /// <summary>Saves the request's session.</summary>
    protected abstract ValueTask SaveAsync();

    /// <summary>The session service type (<c>IronSession&lt;T&gt;</c>, <c>H3Session&lt;T&gt;</c>): the key its revocation check left its subject under.</summary>
    protected abstract Type SessionServiceType { get; }

    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new SessionAuthenticationEvents<T>());

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        (T? data, DateTimeOffset? expiresAt, bool isPersistent) = await ReadAsync().ConfigureAwait(false);
        if (data is null || ToPrincipal(data) is not { } principal)
        {
            return AuthenticateResult.NoResult();
        }

        var properties = new AuthenticationProperties { ExpiresUtc = expiresAt, IsPersistent = isPersistent };
        if (Options.GetTokens?.Invoke(data) is { } tokens)
        {
            properties.StoreTokens(tokens);
        }

        var validation = new SessionValidatePrincipalContext<T>(Context, Scheme, Options, principal, properties, data);
        await Events.ValidatePrincipal(validation).ConfigureAwait(false);
        if (validation.IsRejected || validation.Principal is null)
        {
            await EndAsync().ConfigureAwait(false);
            return AuthenticateResult.NoResult();
        }

        if (validation.ShouldRenew)
        {
            if (validation.IsReplaced && Options.SignIn is { } signIn)
            {
                signIn(data, validation.Principal);
            }

            await SaveAsync().ConfigureAwait(false);
        }

        SessionPrincipals.Remember(validation.Principal, validation.Properties.ExpiresUtc, Context.Items.TryGetValue(SessionServiceType, out object? subject) ? subject as RevocationSubject : null);
        return AuthenticateResult.Success(new AuthenticationTicket(validation.Principal, validation.Properties, Scheme.Name));
    }

    /// <summary>The user <see cref="SessionAuthenticationOptions{T}.GetClaims"/> reads; null for no claims (a ClaimsIdentity with an authentication type counts as signed in even when empty).</summary>
    private ClaimsPrincipal? ToPrincipal(T data)
    {
        List<Claim>? claims = Options.GetClaims!(data)?.ToList();
        return claims is null || claims.Count == 0
            ? null
            : new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, Options.NameClaimType, Options.RoleClaimType));
    }

    protected override async Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        ArgumentNullException.ThrowIfNull(user);
        properties ??= new AuthenticationProperties();
        Action<T, ClaimsPrincipal> signIn = Options.SignIn ?? throw new InvalidOperationException(
            $"IronSeal: the authentication scheme '{Scheme.Name}' cannot sign in: set options.SignIn = (data, principal) => … in AddIronSession<{typeof(T).Name}>/AddH3Session<{typeof(T).Name}> " +
            "to say how a signed-in user is written into the session data (the twin of GetClaims).");

        // A fresh session: whatever the request carried (a planted guest cookie) is not inherited by the signed-in user,
        // unless OnSigningIn copies it from the previous data.
        (T? previous, _, _) = await ReadAsync().ConfigureAwait(false);
        T data = await RestartAsync(properties).ConfigureAwait(false);
        try
        {
            signIn(data, user);
        }
        catch (Exception exception)
        {
            await EndAsync().ConfigureAwait(false);
            throw new SessionSignInException(
                $"IronSeal: the SignIn mapping of the authentication scheme '{Scheme.Name}' threw for the user '{user.Identity?.Name}': {exception.Message} {NothingSaved}",
                exception);
        }

        var signingIn = new SessionSigningInContext<T>(Context, Scheme, Options, user, properties, data, previous);
        await Events.SigningIn(signingIn).ConfigureAwait(false);
        if (Options.GetTokens is null && signingIn.Properties.GetTokens().Any())
        {
            Logger.LogWarning(
                "IronSeal: the sign-in to the authentication scheme '{Scheme}' carries tokens (SaveTokens) that are not kept: set options.GetTokens and store them in Events.OnSigningIn.",
                Scheme.Name);
        }

        if (ToPrincipal(data) is null)
        {
            await EndAsync().ConfigureAwait(false);
            throw new SessionSignInException(
                $"IronSeal: the authentication scheme '{Scheme.Name}' signed in a user from whom GetClaims reads no claims: the SignIn mapping wrote no user into the {typeof(T).Name} " +
                "session data (does the principal carry the claims it reads?). " + NothingSaved);
        }

        try
        {
            await SaveAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SessionCookieTooLargeException or SessionDataDoesNotFitException)
        {
            await EndAsync().ConfigureAwait(false);
            throw new SessionSignInException(
                $"IronSeal: the signed-in session of the authentication scheme '{Scheme.Name}' does not fit its cookie ({exception.Message}) Turn on chunking (IronSession:Chunking), " +
                "or keep less in the session: large tokens (SaveTokens) belong in a server-side store. " + NothingSaved,
                exception);
        }

        await Events.SignedIn(new SessionSignedInContext<T>(Context, Scheme, Options, user, signingIn.Properties)).ConfigureAwait(false);
        RedirectToLocal(signingIn.Properties.RedirectUri);
    }

    protected override async Task HandleSignOutAsync(AuthenticationProperties? properties)
    {
        var signingOut = new SessionSigningOutContext<T>(Context, Scheme, Options, properties);
        await Events.SigningOut(signingOut).ConfigureAwait(false);
        await EndAsync().ConfigureAwait(false);
        RedirectToLocal(signingOut.Properties.RedirectUri);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!Options.LoginPath.HasValue || !Options.IsBrowserRequest(Request))
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        string target = WithReturnUrl(Options.LoginPath, properties.RedirectUri);
        await Events.RedirectToLogin(new RedirectContext<SessionAuthenticationOptions<T>>(Context, Scheme, Options, properties, target)).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (!Options.AccessDeniedPath.HasValue || !Options.IsBrowserRequest(Request))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        string target = WithReturnUrl(Options.AccessDeniedPath, properties.RedirectUri);
        await Events.RedirectToAccessDenied(new RedirectContext<SessionAuthenticationOptions<T>>(Context, Scheme, Options, properties, target)).ConfigureAwait(false);
    }

    /// <summary>
    /// With revocation on, a sign-out also revokes the session it ends, so a copy of the cookie (a stolen one) stops
    /// working on every instance too: the session as the request carried it (the revocation check's subject), even when
    /// the check read it as empty because the store could not say. A store that fails is logged (event 11); the
    /// sign-out itself still happens.
    /// </summary>
    protected async ValueTask RevokeAsync<TSession>(Func<SessionRevocation, TSession, CancellationToken, ValueTask> revoke, TSession session)
    {
        if (Context.RequestServices.GetService<SessionRevocation>() is not { } revocation)
        {
            return;
        }

        RevocationSubject? subject = Context.Items.TryGetValue(SessionServiceType, out object? item) ? item as RevocationSubject : null;
        try
        {
            await (subject is { SessionId: not null }
                ? revocation.RevokeAsync(subject, Context.RequestAborted)
                : revoke(revocation, session, Context.RequestAborted)).ConfigureAwait(false);
        }
        catch (IronSealStoreException exception)
        {
            if (Context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(SessionLog.Category) is { } logger)
            {
                SessionLog.SignOutNotRevoked(logger, exception, subject?.CookieName ?? Scheme.Name);
            }
        }
    }

    /// <summary>A relative Location (never built from the Host header); the return URL is this request, or what the caller asked.</summary>
    private string WithReturnUrl(PathString path, string? redirectUri) =>
        Request.PathBase + path + QueryString.Create(Options.ReturnUrlParameter, redirectUri ?? OriginalPathBase + OriginalPath + Request.QueryString);

    /// <summary>Follows a sign-in's or sign-out's RedirectUri only when it is a path on this site (never another site, whatever put it there).</summary>
    private void RedirectToLocal(string? redirectUri)
    {
        if (LocalRedirect.IsLocal(redirectUri))
        {
            Response.Redirect(redirectUri!);
        }
        else if (redirectUri is not null)
        {
            Logger.LogWarning("IronSeal: the authentication scheme '{Scheme}' did not follow the RedirectUri '{RedirectUri}': it is not a path on this site.", Scheme.Name, redirectUri);
        }
    }
}

/// <summary>The scheme over an iron-session session (<c>AddIronSession&lt;T&gt;</c>); sign-out destroys it.</summary>
/// <typeparam name="T">The session data type.</typeparam>
internal sealed class IronSessionAuthenticationHandler<T>(IOptionsMonitor<SessionAuthenticationOptions<T>> options, ILoggerFactory logger, UrlEncoder encoder)
    : SessionAuthenticationHandler<T>(options, logger, encoder)
    where T : class
{
    private ValueTask<IronSession<T>> SessionAsync() => Context.GetIronSessionAsync<T>(Context.RequestAborted);

    protected override Type SessionServiceType => typeof(IronSession<T>);

    protected override async ValueTask<(T? Data, DateTimeOffset? ExpiresAt, bool IsPersistent)> ReadAsync()
    {
        IronSession<T> session = await SessionAsync().ConfigureAwait(false);
        return session.IsDestroyed ? (null, null, false) : (session.Data, session.ExpiresAt, !session.IsBrowserSession);
    }

    protected override async ValueTask EndAsync()
    {
        IronSession<T> session = await SessionAsync().ConfigureAwait(false);
        await RevokeAsync(static (revocation, session, cancellationToken) => revocation.RevokeAsync(session, cancellationToken), session).ConfigureAwait(false);
        session.Destroy();
    }

    protected override async ValueTask<T> RestartAsync(AuthenticationProperties properties)
    {
        IronSession<T> session = await SessionAsync().ConfigureAwait(false);
        session.Restart();
        session.IsBrowserSession = !properties.IsPersistent;
        session.EndsAt = properties.ExpiresUtc;
        return session.Data;
    }

    protected override async ValueTask SaveAsync() => await (await SessionAsync().ConfigureAwait(false)).SaveAsync(Context.RequestAborted).ConfigureAwait(false);
}
