namespace IronSeal.Sample;

/// <summary>Everything the sample keeps in its session cookie. JSON is camelCase, as a Node app writes it.</summary>
public sealed class AppSession
{
    /// <summary>The signed-in user; null for a guest.</summary>
    public SessionUser? User { get; set; }

    /// <summary>The cart: kept for guests too, merged with the user's saved cart at sign-in.</summary>
    public List<CartLine> Cart { get; set; } = [];

    /// <summary>A message shown once on the next page.</summary>
    public string? Flash { get; set; }

    /// <summary>The CSRF token every form must echo.</summary>
    public string? CsrfToken { get; set; }

    /// <summary>The multi-step onboarding form's state.</summary>
    public OnboardingState? Onboarding { get; set; }
}

/// <summary>The user as iron-session's guides store it: small, no secrets.</summary>
public sealed record SessionUser(string Id, string Login, string Name);

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
