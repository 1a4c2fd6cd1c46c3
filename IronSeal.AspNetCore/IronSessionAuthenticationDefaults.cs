namespace IronSeal;

/// <summary>Default values of the IronSeal authentication scheme.</summary>
public static class IronSessionAuthenticationDefaults
{
    /// <summary>The scheme name <c>AddIronSession&lt;T&gt;()</c> registers when none is given: <c>"IronSession"</c>.</summary>
    public const string AuthenticationScheme = "IronSession";

    /// <summary>The query parameter that carries the return URL to the login page: <c>"ReturnUrl"</c>, as cookie authentication names it.</summary>
    public const string ReturnUrlParameter = "ReturnUrl";
}
