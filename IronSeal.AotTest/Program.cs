using System.Text.Json.Serialization;
using IronSeal;

// Seals and unseals with source-generated JSON, reads and writes a session through HeaderCookieStore, and exits
// non-zero if anything is off. Run as a native AOT binary by .ci/run.
var options = new SealOptions { Password = "an-aot-smoke-test-password-of-32-chars+" };
string seal = Iron.Seal(new Token("ada@example.com", 3), AotJsonContext.Default.Token, options);
Token back = Iron.Unseal(seal, AotJsonContext.Default.Token, options);
bool tamperedRefused;
try
{
    Iron.Unseal(seal.Replace("*1*", "*2*", StringComparison.Ordinal), AotJsonContext.Default.Token, options);
    tamperedRefused = false;
}
catch (SealException)
{
    tamperedRefused = true;
}

var sessionOptions = new IronSessionOptions { CookieName = "sid", Password = "an-aot-smoke-test-password-of-32-chars+" };
var store = new HeaderCookieStore(null);
IronSession<Token> session = await IronSession.GetAsync(store, sessionOptions, AotJsonContext.Default.Token);
session.Data = new Token("alan@example.com", 1);
await session.SaveAsync();
string cookie = store.SetCookieHeaders[0].Split(';')[0];
IronSession<Token> next = await IronSession.GetAsync(new HeaderCookieStore(cookie), sessionOptions, AotJsonContext.Default.Token);

bool ok = back == new Token("ada@example.com", 3) && tamperedRefused && next.Data == new Token("alan@example.com", 1);
Console.WriteLine(ok ? $"AOT smoke test passed: {seal.Length}-character seal, session cookie read back" : "AOT smoke test FAILED");
return ok ? 0 : 1;

internal sealed record Token(string Email, int Attempt)
{
    public Token()
        : this("", 0)
    {
    }
}

[JsonSerializable(typeof(Token))]
internal sealed partial class AotJsonContext : JsonSerializerContext;
