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

        if (LoginPath.HasValue && string.IsNullOrEmpty(ReturnUrlParameter))
        {
            throw new InvalidOperationException($"IronSeal: the authentication scheme '{scheme}' has a LoginPath but no ReturnUrlParameter; set it (default \"ReturnUrl\").");
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
