using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace IronSeal;

/// <summary>
/// How an IronSeal authentication scheme (over an iron-session or an h3 session) turns session data of
/// <typeparamref name="T"/> into the request's user. The session stays the source of truth: signing in is writing the
/// user into the session and saving it (as an iron-session or nuxt-auth-utils app does), so a user signed in by a Node
/// app with the same cookie and password is signed in here.
/// </summary>
/// <typeparam name="T">The session data type registered with <c>AddIronSession&lt;T&gt;()</c> or <c>AddH3Session&lt;T&gt;()</c>.</typeparam>
public sealed class SessionAuthenticationOptions<T> : AuthenticationSchemeOptions
    where T : class
{
    /// <summary>
    /// The user's claims read from the session data; <see langword="null"/> or no claims at all for an anonymous request
    /// (an empty list never signs anyone in, so <c>s =&gt; s.User is { } u ? [..] : []</c> is safe). Called once per
    /// request that authenticates. Required. Roles: claims of type <see cref="RoleClaimType"/>.
    /// </summary>
    public Func<T, IEnumerable<Claim>?>? GetClaims { get; set; }

    /// <summary>
    /// Writes a signed-in user into the session data: what <c>HttpContext.SignInAsync</c> with this scheme, an external
    /// login whose <c>SignInScheme</c> is this scheme (OpenID Connect, OAuth, Google, …) and ASP.NET Core Identity's
    /// <c>SignInManager</c> save. The twin of <see cref="GetClaims"/>: what it writes, <see cref="GetClaims"/> must read
    /// back as the user. It gets the data of a new, empty session (sign-in starts afresh, so nothing planted before it is
    /// inherited). Unset: the scheme only reads users (a Node app signs them in), and a sign-in through it fails.
    /// </summary>
    public Action<T, ClaimsPrincipal>? SignIn { get; set; }

    /// <summary>
    /// The tokens of the signed-in user kept in the session data, which <c>HttpContext.GetTokenAsync(name)</c> returns
    /// (e.g. <c>data =&gt; data.Tokens</c>). An external login with <c>SaveTokens = true</c> hands them to the sign-in in
    /// <see cref="PropertiesContext{TOptions}.Properties"/>; keep them in <see cref="SessionAuthenticationEvents{T}.OnSigningIn"/>
    /// (<c>context.Data.Tokens = context.Properties.GetTokens().ToList()</c>). Tokens are large: turn on chunking. Unset: no tokens.
    /// </summary>
    public Func<T, IEnumerable<AuthenticationToken>?>? GetTokens { get; set; }

    /// <summary>
    /// Where a signed-in browser goes when it is forbidden (a role it lacks), e.g. <c>/denied</c>; it receives the
    /// request's path and query in <see cref="ReturnUrlParameter"/>. API requests get 403 either way. Unset: every forbid is a 403.
    /// </summary>
    public PathString AccessDeniedPath { get; set; }

    /// <summary>
    /// The scheme's events (<see cref="SessionAuthenticationEvents{T}.OnValidatePrincipal"/> and the sign-in, sign-out
    /// and redirect hooks). <see cref="AuthenticationSchemeOptions.EventsType"/>, when set, wins: a subclass resolved from DI per request.
    /// </summary>
    public new SessionAuthenticationEvents<T> Events
    {
        get => (SessionAuthenticationEvents<T>)base.Events!;
        set => base.Events = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Where a browser goes when the request needs a signed-in user (a challenge), e.g. <c>/login</c>; it receives the
    /// request's path and query in <see cref="ReturnUrlParameter"/>. Unset: every challenge is a 401.
    /// </summary>
    public PathString LoginPath { get; set; }

    /// <summary>The query parameter that carries the return URL. Default <c>"ReturnUrl"</c>.</summary>
    public string ReturnUrlParameter { get; set; } = IronSessionAuthenticationDefaults.ReturnUrlParameter;

    /// <summary>
    /// Decides whether a challenged request is a browser's page request (redirected to <see cref="LoginPath"/>) or an
    /// API call (answered 401). Default: a request whose <c>Accept</c> header names <c>text/html</c> and that does not
    /// carry <c>X-Requested-With: XMLHttpRequest</c>, which is what a browser sends when it navigates, and what
    /// <c>fetch</c>, <c>HttpClient</c> and <c>curl</c> do not send unless told to.
    /// </summary>
    public Func<HttpRequest, bool> IsBrowserRequest { get; set; } = IsPageRequest;

    /// <summary>The claim type of the user's name (<see cref="ClaimsIdentity.Name"/>). Default <see cref="ClaimTypes.Name"/>.</summary>
    public string NameClaimType { get; set; } = ClaimTypes.Name;

    /// <summary>The claim type of roles (<c>IsInRole</c>, <c>[Authorize(Roles = …)]</c>). Default <see cref="ClaimTypes.Role"/>.</summary>
    public string RoleClaimType { get; set; } = ClaimTypes.Role;

    /// <summary>Creates the options with an empty set of events.</summary>
    public SessionAuthenticationOptions() => base.Events = new SessionAuthenticationEvents<T>();

    /// <summary>The session registration the scheme reads, and the call that adds it (for the start-up check's message).</summary>
    internal (Type Registration, string AddCall)? Session { get; set; }

    /// <inheritdoc />
    public override void Validate(string scheme)
    {
        base.Validate(scheme);
        if (GetClaims is null)
        {
            throw new InvalidOperationException(
                $"IronSeal: the authentication scheme '{scheme}' needs GetClaims: map the {typeof(T).Name} session data to the user's claims " +
                "(return null or no claims for an anonymous request), e.g. options.GetClaims = session => session.User is { } user ? [new(ClaimTypes.Name, user.Name)] : null.");
        }

        if ((LoginPath.HasValue || AccessDeniedPath.HasValue) && string.IsNullOrEmpty(ReturnUrlParameter))
        {
            throw new InvalidOperationException($"IronSeal: the authentication scheme '{scheme}' has a LoginPath or AccessDeniedPath but no ReturnUrlParameter; set it (default \"ReturnUrl\").");
        }

        if (IsBrowserRequest is null || NameClaimType is null || RoleClaimType is null)
        {
            throw new InvalidOperationException($"IronSeal: the authentication scheme '{scheme}' has IsBrowserRequest, NameClaimType or RoleClaimType set to null; leave them unset for the defaults.");
        }
    }

    private static bool IsPageRequest(HttpRequest request) =>
        !string.Equals(request.Headers.XRequestedWith, "XMLHttpRequest", StringComparison.Ordinal)
        && request.Headers.Accept.Any(static accept => accept is not null && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
