namespace IronSeal;

/// <summary>Default values of the IronSeal authentication schemes.</summary>
public static class IronSessionAuthenticationDefaults
{
    /// <summary>The scheme name <c>AddIronSession&lt;T&gt;()</c> registers when none is given: <c>"IronSession"</c>.</summary>
    public const string AuthenticationScheme = "IronSession";

    /// <summary>The scheme name <c>AddH3Session&lt;T&gt;()</c> registers when none is given: <c>"H3Session"</c>.</summary>
    public const string H3AuthenticationScheme = "H3Session";

    /// <summary>The query parameter that carries the return URL to the login page: <c>"ReturnUrl"</c>, as cookie authentication names it.</summary>
    public const string ReturnUrlParameter = "ReturnUrl";
}
