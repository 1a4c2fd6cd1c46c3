namespace IronSeal;

/// <summary>The <c>SameSite</c> attribute of a cookie: when a browser sends it with cross-site requests.</summary>
public enum SameSite
{
    /// <summary>Only with same-site requests.</summary>
    Strict,

    /// <summary>With same-site requests and top-level cross-site navigations (GET). iron-session's default.</summary>
    Lax,

    /// <summary>With every request; browsers accept it only together with <c>Secure</c>.</summary>
    None,
}
