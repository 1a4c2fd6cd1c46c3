// A magic-link token with IronSeal: seal who may sign in, put it in a URL, open it once when the link is followed.
using System.Security.Cryptography;
using IronSeal;

// In a real app the password comes from configuration; it must be the same on every server (and in any Node app
// that shares the tokens) and at least 32 characters long. It may be the session's password: the purpose keeps
// links and session cookies apart.
string password = Environment.GetEnvironmentVariable("IRONSEAL_PASSWORD") ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
var options = new SealOptions
{
    Password = password,
    Purpose = "magic-link",          // opens as a magic link only: never as a session cookie, never as a reset link
    Ttl = TimeSpan.FromMinutes(15),
    ClockSkew = TimeSpan.Zero,        // dead at exactly 15 minutes, not 60 s later
};

string token = Iron.Seal(new MagicLink("ada@example.com", "/dashboard"), options);
Console.WriteLine($"Sign-in link: https://example.test/login/link/use?token={token}");  // seals are URL-safe as they are
Console.WriteLine($"({token.Length} characters, valid once, for 15 minutes)");

// Which tokens were used: their ids, kept until the token expires. One process here; a web app on several servers
// keeps them in a shared cache instead (IronSeal.AspNetCore: builder.Services.AddIronSealSingleUse() and SingleUseGuard).
var used = new HashSet<string>(StringComparer.Ordinal);

string Follow(string link, SealOptions? asWhat = null)
{
    Unsealed<MagicLink> opened;
    try
    {
        opened = Iron.Open<MagicLink>(link, asWhat ?? options);
    }
    catch (SealException exception)
    {
        return $"refused ({exception.Reason}): not a live magic link (changed, expired, or made for something else)";
    }

    // The id is the same for every spelling of the token (the part after "~" is outside the MAC), so store it, not the text.
    return used.Add(opened.SealId)
        ? $"opened: sign in {opened.Data.Email}, then go to {opened.Data.ReturnTo} (id {opened.SealId}, expires {opened.ExpiresAt:u})"
        : "refused: this link was used already";
}

Console.WriteLine($"First use:   {Follow(token)}");
Console.WriteLine($"Second use:  {Follow(token)}");
Console.WriteLine($"Respelled:   {Follow(token[..token.LastIndexOf('~')] + "~9")}");
Console.WriteLine($"Tampered:    {Follow(token.Replace("*1*", "*2*", StringComparison.Ordinal))}");
Console.WriteLine($"As a cookie: {Follow(token, options with { Purpose = null })}");

internal sealed record MagicLink(string Email, string ReturnTo);
