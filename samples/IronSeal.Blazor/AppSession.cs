using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IronSeal.Blazor;

/// <summary>
/// The part of the main sample's session this app uses (same cookie, same JSON): the user and the cart. Members it does
/// not model (the main sample's flash message, CSRF token, onboarding) are kept by every save.
/// </summary>
public sealed class AppSession
{
    /// <summary>The signed-in user; null for a guest.</summary>
    public SessionUser? User { get; set; }

    /// <summary>The cart, as the main sample keeps it.</summary>
    public List<CartLine> Cart { get; set => field = value ?? []; } = [];
}

/// <summary>The user as iron-session's guides store it: JSON <c>{"id","login","name","role"}</c>.</summary>
public sealed record SessionUser(string Id, string Login, string Name, string Role)
{
    /// <summary>The request's claims: id, name, login and role (a value missing from a Node app's user is left out).</summary>
    public IEnumerable<Claim> ToClaims()
    {
        (string Type, string? Value)[] claims = [(ClaimTypes.NameIdentifier, Id), (ClaimTypes.Name, Name), ("login", Login), (ClaimTypes.Role, Role)];
        return claims.Where(claim => !string.IsNullOrEmpty(claim.Value)).Select(claim => new Claim(claim.Type, claim.Value!));
    }

    /// <summary>The user a sign-in writes into the session; refuses a principal without an id or login.</summary>
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
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AppSession))]
internal sealed partial class BlazorJsonContext : JsonSerializerContext;
