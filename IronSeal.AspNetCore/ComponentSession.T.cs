using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IronSeal;

/// <summary>
/// The session of <typeparamref name="T"/> as a Razor component sees it, in every render mode: inject it
/// (<c>@inject ComponentSession&lt;AppSession&gt; Session</c>) instead of <c>IronSession&lt;T&gt;</c> or <c>H3Session&lt;T&gt;</c>,
/// which exist only in a request. Registered with the session type by <c>AddIronSession&lt;T&gt;()</c> and <c>AddH3Session&lt;T&gt;()</c>.
/// </summary>
/// <typeparam name="T">The session data type.</typeparam>
/// <remarks>
/// <para>During static rendering and prerendering, it is the request's own session: <see cref="Data"/> is the same
/// object, and <see cref="SaveAsync"/> saves it while the response has not started (a form post handled by a static page).</para>
/// <para>In an interactive server circuit, <see cref="Data"/> is the session the page request carried: its session cookies
/// travel to the circuit in the prerendered page's persisted component state (protected by Data Protection, for
/// interactive server components only; never to WebAssembly). A component that was not prerendered sees an empty
/// session. <see cref="SaveAsync"/> throws there: a circuit has no response to set a cookie on.</para>
/// </remarks>
public sealed class ComponentSession<T> : IDisposable
    where T : class
{
    private readonly Func<T> _data;
    private readonly Func<CancellationToken, ValueTask>? _save;
    private readonly HttpContext? _request;
    private PersistingComponentStateSubscription _persisting;

    internal ComponentSession(IServiceProvider services, ComponentSessionFormat<T> format)
    {
        string key = "IronSeal.ComponentSession." + format.CookieName;
        PersistentComponentState? state = services.GetService<PersistentComponentState>();
        _request = services.GetRequiredService<RequestContext>().HttpContext;
        if (_request is { } request)
        {
            (_data, _save) = format.OpenRequest(request);
            if (state is not null)
            {
                string cookies = CircuitCookieStore.Select(request.Request.Headers.Cookie.ToString(), format.CookieName);
                _persisting = state.RegisterOnPersisting(() => Persist(state, key, cookies), RenderMode.InteractiveServer);
            }

            return;
        }

        var store = new CircuitCookieStore(state is not null && TryTake(state, key, out string? taken) ? taken : string.Empty)
        {
            DataType = typeof(T),
            Opening = true,
        };
        _data = format.OpenCopy(store);
        store.Opening = false;
    }

    /// <summary>The session data. In a circuit, a copy of the session as the page request carried it: changes stay in the circuit.</summary>
    public T Data => _data();

    /// <summary>True while rendering for a request (static rendering or prerendering); false in an interactive circuit.</summary>
    public bool IsInRequest => _request is not null;

    /// <summary>True when <see cref="SaveAsync"/> can write the cookie: in a request whose response has not started.</summary>
    public bool CanSave => _request is { Response.HasStarted: false };

    /// <summary>Saves the request's session, as <c>IronSession&lt;T&gt;.SaveAsync</c> or <c>H3Session&lt;T&gt;.SaveAsync</c> does.</summary>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>A task that completes when the cookie has been written; failures are reported through it.</returns>
    /// <exception cref="InvalidOperationException">In an interactive circuit: the message says where to save instead.</exception>
    /// <exception cref="ResponseAlreadyStartedException">The response has started (streaming rendering).</exception>
    public ValueTask SaveAsync(CancellationToken cancellationToken = default) =>
        _save is { } save ? save(cancellationToken) : ValueTask.FromException(new InvalidOperationException(CircuitCookieStore.CannotSave(typeof(T))));

    /// <summary>Stops persisting the cookies for a circuit.</summary>
    public void Dispose() => _persisting.Dispose();

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The persisted value is a string, which needs no reflection metadata.")]
    private static Task Persist(PersistentComponentState state, string key, string cookies)
    {
        state.PersistAsJson(key, cookies);
        return Task.CompletedTask;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The persisted value is a string, which needs no reflection metadata.")]
    private static bool TryTake(PersistentComponentState state, string key, [NotNullWhen(true)] out string? cookies) =>
        state.TryTakeFromJson(key, out cookies) && cookies is not null;
}
