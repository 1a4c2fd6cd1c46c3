using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IronSeal;

/// <summary>A session type that revocation covers: how long its sessions live, and how to check the request's.</summary>
internal interface IRevocableSession
{
    /// <summary>The longest a session of this type can still be presented from now (its ttl, bounded by an absolute lifetime).</summary>
    /// <exception cref="InvalidOperationException">Its sessions never expire, so no revocation record could be dropped.</exception>
    TimeSpan Lifetime(IServiceProvider services);

    /// <summary>Checks the request's session, when it carries one; a revoked session is restarted: it reads as empty.</summary>
    ValueTask CheckAsync(HttpContext context, SessionRevocation revocation);
}

/// <summary>Revocation of <see cref="IronSession{T}"/> sessions: named by <see cref="IronSession{T}.SessionId"/>, dated by <see cref="IronSession{T}.IssuedAt"/>.</summary>
internal sealed class RevocableIronSession<T>(Func<T, string?>? userId) : IRevocableSession
    where T : class
{
    public TimeSpan Lifetime(IServiceProvider services)
    {
        IronSessionOptions options = (services.GetService<SessionOptionsProvider<T, IronSessionSettings, IronSessionOptions>>()
            ?? throw new InvalidOperationException(
                $"IronSeal: AddIronSessionRevocation<{typeof(T).Name}>() covers IronSession<{typeof(T).Name}>, which is not registered. Call builder.Services.AddIronSession<{typeof(T).Name}>() too.")).Options;
        TimeSpan? ttl = options.Ttl > TimeSpan.Zero ? options.Ttl : null;
        return (ttl, options.AbsoluteLifetime) switch
        {
            ({ } t, { } a) => t < a ? t : a,
            ({ } t, null) => t,
            (null, { } a) => a,
            _ => throw new InvalidOperationException(
                $"IronSeal: revocation covers the {typeof(T).Name} session, whose sessions never expire (Ttl = 0 and no AbsoluteLifetime), so a revocation could never be forgotten. Give it a ttl (IronSession:Ttl) or an AbsoluteLifetime."),
        };
    }

    public async ValueTask CheckAsync(HttpContext context, SessionRevocation revocation)
    {
        if (context.Request.Headers.Cookie.Count == 0)
        {
            return;
        }

        IronSession<T> session = await context.GetIronSessionAsync<T>(context.RequestAborted).ConfigureAwait(false);
        string? user = session.IsDestroyed ? null : userId?.Invoke(session.Data);
        var subject = new RevocationSubject(
            context.RequestServices.GetRequiredService<SessionOptionsProvider<T, IronSessionSettings, IronSessionOptions>>().Options.CookieName, session.SessionId, user, session.IssuedAt);
        context.Items[typeof(IronSession<T>)] = subject; // for a sign-out in this request, and the circuit it may start
        if (await revocation.CheckAsync(subject, context.RequestAborted).ConfigureAwait(false) is { } reason)
        {
            session.Restart();
            if (reason != SessionRevocation.StoreUnavailable && !context.Response.HasStarted)
            {
                // Revoked for good: the browser is told to drop the cookie (unless the request saves a new session).
                // A session refused only because the store could not say keeps its cookie for when the store is back.
                context.Response.OnStarting(static state =>
                {
                    var refused = (IronSession<T>)state;
                    if (!refused.IsSaved && !refused.IsDestroyed)
                    {
                        refused.Destroy();
                    }

                    return Task.CompletedTask;
                }, session);
            }
        }
    }
}

/// <summary>Revocation of <see cref="H3Session{T}"/> sessions: named by their <c>id</c>, dated by <c>createdAt</c>.</summary>
internal sealed class RevocableH3Session<T>(Func<T, string?>? userId) : IRevocableSession
    where T : class
{
    public TimeSpan Lifetime(IServiceProvider services) =>
        (services.GetService<SessionOptionsProvider<T, H3SessionSettings, H3SessionOptions>>()
            ?? throw new InvalidOperationException(
                $"IronSeal: AddH3SessionRevocation<{typeof(T).Name}>() covers H3Session<{typeof(T).Name}>, which is not registered. Call builder.Services.AddH3Session<{typeof(T).Name}>() too.")).Options.MaxAge is { } maxAge && maxAge > TimeSpan.Zero
            ? maxAge
            : throw new InvalidOperationException(
                $"IronSeal: revocation covers the {typeof(T).Name} h3 session, whose sessions never expire (no MaxAge), so a revocation could never be forgotten. Give it a MaxAge (H3Session:MaxAge).");

    public async ValueTask CheckAsync(HttpContext context, SessionRevocation revocation)
    {
        if (context.Request.Headers.Cookie.Count == 0)
        {
            return;
        }

        H3Session<T> session = await context.GetH3SessionAsync<T>(context.RequestAborted).ConfigureAwait(false);
        if (session.IsNew)
        {
            return;
        }

        var subject = new RevocationSubject(
            context.RequestServices.GetRequiredService<SessionOptionsProvider<T, H3SessionSettings, H3SessionOptions>>().Options.Name, session.Id, userId?.Invoke(session.Data), session.CreatedAt);
        context.Items[typeof(H3Session<T>)] = subject; // for a sign-out in this request, and the circuit it may start
        if (await revocation.CheckAsync(subject, context.RequestAborted).ConfigureAwait(false) is not null)
        {
            session.Restart();
        }
    }
}
