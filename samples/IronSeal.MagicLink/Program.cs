// A magic-link token with IronSeal: seal who may sign in, put it in a URL, open it when the link is followed.
using System.Security.Cryptography;
using IronSeal;

// In a real app the password comes from configuration; it must be the same on every server (and in any Node app
// that shares the tokens) and at least 32 characters long.
string password = Environment.GetEnvironmentVariable("IRONSEAL_PASSWORD") ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
var options = new SealOptions { Password = password, Ttl = TimeSpan.FromMinutes(15) };

string token = Iron.Seal(new MagicLink("ada@example.com", "/dashboard"), options);
Console.WriteLine($"Sign-in link: https://example.test/login?token={token}");
Console.WriteLine($"({token.Length} characters, valid for 15 minutes)");

MagicLink link = Iron.Unseal<MagicLink>(token, options);
Console.WriteLine($"Opened: sign in {link.Email}, then go to {link.ReturnTo}");

string tampered = token.Replace("*1*", "*2*", StringComparison.Ordinal);
Console.WriteLine(Iron.TryUnseal(tampered, options, out MagicLink? _) ? "Tampered token opened (this must not happen)" : "Tampered token refused");

internal sealed record MagicLink(string Email, string ReturnTo);
