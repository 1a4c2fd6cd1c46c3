using Microsoft.AspNetCore.Http;

namespace IronSeal;

/// <summary>How <see cref="ComponentSession{T}"/> opens one session format: the request's session, or a copy of its cookies in a circuit.</summary>
internal abstract class ComponentSessionFormat<T>
    where T : class
{
    /// <summary>The session cookie's name now (its chunks start with it and a dot).</summary>
    public abstract string CookieName { get; }

    /// <summary>The request's own session (one instance per request): its data and its save.</summary>
    public abstract (Func<T> Data, Func<CancellationToken, ValueTask> Save) OpenRequest(HttpContext context);

    /// <summary>The session the cookies of <paramref name="store"/> hold, read only.</summary>
    public abstract Func<T> OpenCopy(ICookieStore store);
}

/// <summary>iron-session sessions (<c>AddIronSession&lt;T&gt;</c>).</summary>
internal sealed class IronComponentSessionFormat<T>(SessionOptionsProvider<T, IronSessionSettings, IronSessionOptions> options, IronSessionRegistration<T> registration) : ComponentSessionFormat<T>
    where T : class
{
    public override string CookieName => options.Options.CookieName;

    public override (Func<T> Data, Func<CancellationToken, ValueTask> Save) OpenRequest(HttpContext context)
    {
        IronSession<T> session = RequestContext.Opened(context.GetIronSessionAsync<T>());
        return (() => session.Data, session.SaveAsync);
    }

    public override Func<T> OpenCopy(ICookieStore store)
    {
        IronSession<T> session = RequestContext.Opened(registration.Open(store, options.Options, CancellationToken.None));
        return () => session.Data;
    }
}

/// <summary>h3 sessions (<c>AddH3Session&lt;T&gt;</c>).</summary>
internal sealed class H3ComponentSessionFormat<T>(SessionOptionsProvider<T, H3SessionSettings, H3SessionOptions> options, H3SessionRegistration<T> registration) : ComponentSessionFormat<T>
    where T : class
{
    public override string CookieName => options.Options.Name;

    public override (Func<T> Data, Func<CancellationToken, ValueTask> Save) OpenRequest(HttpContext context)
    {
        H3Session<T> session = RequestContext.Opened(context.GetH3SessionAsync<T>());
        return (() => session.Data, session.SaveAsync);
    }

    public override Func<T> OpenCopy(ICookieStore store)
    {
        H3Session<T> session = RequestContext.Opened(registration.Open(store, options.Options, static _ => null, CancellationToken.None));
        return () => session.Data;
    }
}
