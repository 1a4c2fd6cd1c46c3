namespace IronSeal;

/// <summary>The <c>Priority</c> attribute (a Chromium extension): which cookies to evict last.</summary>
public enum CookiePriority
{
    /// <summary>Evicted first.</summary>
    Low,

    /// <summary>The browser's default.</summary>
    Medium,

    /// <summary>Evicted last.</summary>
    High,
}
