using System.Security.Cryptography;
using System.Text;

namespace IronSeal.Blazor;

/// <summary>
/// The main sample's two demo accounts (same ids, logins and passwords, so either app signs the same user in), stored
/// as PBKDF2-SHA256 hashes and checked in constant time.
/// </summary>
public static class DemoAccounts
{
    private static readonly (SessionUser User, string Salt, string Hash)[] s_accounts =
    [
        (new SessionUser("1", "ada", "Ada Lovelace", "admin"), "ef09044d39821122bd41fe627c252eeb", "70c6a7273601a8b336557954f53a17456284384d2d224fc15d260ebd3a9db9ff"),
        (new SessionUser("2", "alan", "Alan Turing", "user"), "50cc2945db3ecffcf744e69addbf2fd8", "4dd665eeb24006fb9045522dfc74cb99c3b5f05851b7c087e6acc6a776f0540b"),
    ];

    /// <summary>The user whose password matches, or null; the hashing work is done for unknown logins too.</summary>
    public static SessionUser? Verify(string? login, string? password)
    {
        var account = s_accounts.FirstOrDefault(a => string.Equals(a.User.Login, login, StringComparison.OrdinalIgnoreCase));
        byte[] expected = Convert.FromHexString(account.Hash ?? s_accounts[0].Hash);
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password ?? ""), Convert.FromHexString(account.Salt ?? s_accounts[0].Salt), 100_000, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && account.User is { } user ? user : null;
    }
}
