using System.Security.Claims;

namespace IronSeal.Sample;

/// <summary>Everything the sample keeps in its session cookie. JSON is camelCase, as a Node app writes it.</summary>
public sealed class AppSession
{
    /// <summary>The signed-in user; null for a guest.</summary>
    public SessionUser? User { get; set; }

    /// <summary>
    /// The cart: kept for guests too, merged with the user's saved cart at sign-in. A session written elsewhere with
    /// <c>"cart": null</c> (or none) reads as an empty cart.
    /// </summary>
    public List<CartLine> Cart { get; set => field = value ?? []; } = [];

    /// <summary>A message shown once on the next page.</summary>
    public string? Flash { get; set; }

    /// <summary>The CSRF token every form must echo.</summary>
    public string? CsrfToken { get; set; }

    /// <summary>The multi-step onboarding form's state.</summary>
    public OnboardingState? Onboarding { get; set; }
}

/// <summary>The user as iron-session's guides store it: small, no secrets. JSON <c>{"id","login","name","role"}</c>.</summary>
public sealed record SessionUser(string Id, string Login, string Name, string Role)
{
    /// <summary>
    /// The claims the authentication scheme gives the request: id, name and role. A value missing from a session written
    /// elsewhere (a Node app's older user object) is left out rather than failing the request.
    /// </summary>
    public IEnumerable<Claim> ToClaims()
    {
        (string Type, string? Value)[] claims = [(ClaimTypes.NameIdentifier, Id), (ClaimTypes.Name, Name), ("login", Login), (ClaimTypes.Role, Role)];
        return claims.Where(claim => !string.IsNullOrEmpty(claim.Value)).Select(claim => new Claim(claim.Type, claim.Value!));
    }

    /// <summary>The user a sign-in hands the session (the reverse of <see cref="ToClaims"/>); refuses a principal without an id or login.</summary>
    public static SessionUser FromClaims(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The principal signing in has no NameIdentifier claim."),
        principal.FindFirstValue("login") ?? throw new InvalidOperationException("The principal signing in has no login claim."),
        principal.FindFirstValue(ClaimTypes.Name) ?? "",
        principal.FindFirstValue(ClaimTypes.Role) ?? "user");
}

public sealed class CartLine
{
    public string Sku { get; set; } = "";

    public int Quantity { get; set; }

    public string? Note { get; set; }
}

public sealed class OnboardingState
{
    public int Step { get; set; } = 1;

    public string? DisplayName { get; set; }

    public string? Team { get; set; }

    public string? Plan { get; set; }

    public bool Completed { get; set; }
}
