using System.Net;
using System.Text;

namespace IronSeal.Samples.HttpListener;

/// <summary>The session data: who signed in, and how many pages they saw.</summary>
public sealed class VisitSession
{
    /// <summary>The signed-in user, or null.</summary>
    public string? User { get; set; }

    /// <summary>Pages seen in this session.</summary>
    public int Visits { get; set; }
}

/// <summary>
/// A tiny server on <see cref="System.Net.HttpListener"/>: <c>/login?user=…</c> signs in, <c>/</c> counts visits,
/// <c>/logout</c> signs out. The whole session lives in an IronSeal cookie.
/// </summary>
public static class VisitCounterServer
{
    /// <summary>Serves requests on <paramref name="prefix"/> (e.g. <c>http://127.0.0.1:5081/</c>) until cancelled.</summary>
    /// <param name="prefix">The listener prefix, ending with '/'.</param>
    /// <param name="options">Session options; the password must be shared by every instance.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>A task that ends when the server stops.</returns>
    public static async Task RunAsync(string prefix, IronSessionOptions options, CancellationToken cancellationToken)
    {
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add(prefix);
        listener.Start();
        using CancellationTokenRegistration stop = cancellationToken.Register(listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            await HandleAsync(context, options).ConfigureAwait(false);
        }
    }

    private static async Task HandleAsync(HttpListenerContext context, IronSessionOptions options)
    {
        var store = new HttpListenerCookieStore(context);
        IronSession<VisitSession> session = await IronSession.GetAsync<VisitSession>(store, options).ConfigureAwait(false);
        string body;
        switch (context.Request.Url?.AbsolutePath)
        {
            case "/login":
                session.Data = new VisitSession { User = context.Request.QueryString["user"] ?? "guest" };
                await session.SaveAsync().ConfigureAwait(false);
                body = $"signed in as {session.Data.User}";
                break;
            case "/logout":
                session.Destroy();
                body = "signed out";
                break;
            default:
                if (session.Data.User is null)
                {
                    body = "not signed in";
                    break;
                }

                session.Data.Visits++;
                await session.SaveAsync().ConfigureAwait(false);
                body = $"{session.Data.User}: {session.Data.Visits} visits";
                break;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        context.Response.Close();
    }
}
