using System.Security.Cryptography;
using System.Text;

namespace IronSeal.Sample;

/// <summary>
/// Two demo accounts. Passwords are stored as PBKDF2-SHA256 hashes (100 000 iterations, random salt) and checked in
/// constant time; the plain passwords appear only on the sign-in page as hints.
/// </summary>
public static class DemoUsers
{
    private const int Iterations = 100_000;

    private static readonly Account[] s_accounts =
    [
        new(new SessionUser("1", "ada", "Ada Lovelace", "admin"), "ada@example.com", "ef09044d39821122bd41fe627c252eeb", "70c6a7273601a8b336557954f53a17456284384d2d224fc15d260ebd3a9db9ff",
            [new CartLine { Sku = "notebook", Quantity = 1 }]),
        new(new SessionUser("2", "alan", "Alan Turing", "user"), "alan@example.com", "50cc2945db3ecffcf744e69addbf2fd8", "4dd665eeb24006fb9045522dfc74cb99c3b5f05851b7c087e6acc6a776f0540b", []),
    ];

    /// <summary>Every account's user.</summary>
    public static IReadOnlyList<SessionUser> All { get; } = [.. s_accounts.Select(account => account.User)];

    public static IReadOnlyList<(string Login, string Password)> Hints { get; } = [("ada", "lovelace-1815"), ("alan", "turing-1912")];

    /// <summary>The account whose password matches, or null. Always does the hashing work, even for unknown logins.</summary>
    public static (SessionUser User, IReadOnlyList<CartLine> SavedCart)? Verify(string? login, string? password)
    {
        Account? account = s_accounts.FirstOrDefault(a => string.Equals(a.User.Login, login, StringComparison.OrdinalIgnoreCase));
        byte[] salt = Convert.FromHexString(account?.SaltHex ?? s_accounts[0].SaltHex);
        byte[] expected = Convert.FromHexString(account?.HashHex ?? s_accounts[0].HashHex);
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password ?? ""), salt, Iterations, HashAlgorithmName.SHA256, expected.Length);
        bool matches = CryptographicOperations.FixedTimeEquals(actual, expected);
        return account is not null && matches ? (account.User, account.SavedCart) : null;
    }

    /// <summary>
    /// The account with this login or e-mail address (case-insensitive), or null: for magic links, where the e-mail
    /// itself is the proof. Never tell the visitor which it was.
    /// </summary>
    public static (SessionUser User, IReadOnlyList<CartLine> SavedCart)? Find(string? loginOrEmail) =>
        s_accounts.FirstOrDefault(a => string.Equals(a.User.Login, loginOrEmail?.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(a.Email, loginOrEmail?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } account
            ? (account.User, account.SavedCart)
            : null;

    private sealed record Account(SessionUser User, string Email, string SaltHex, string HashHex, IReadOnlyList<CartLine> SavedCart);
}
