namespace IronSeal.Tests;

/// <summary>Fixed test passwords (never use these anywhere real).</summary>
internal static class TestPasswords
{
    public const string One = "password-one-is-at-least-32-characters-long";
    public const string Two = "password-two-is-also-at-least-32-characters";
    public const string Three = "a-third-password-of-32-characters-or-more!!";

    public static Dictionary<string, string> Rotated => new() { ["1"] = One, ["2"] = Two };
}
