using System.Text;
using System.Text.Json.Nodes;
using IronSeal;
using SharpFuzz;

// The only outcomes allowed: a value, a SealException, an empty session. Anything else escapes and AFL++ records a crash.
// Instrumented IronSeal code may only run inside Fuzzer.Run (its coverage map exists from then on), so the options
// are built on the first input.
string target = args.Length > 0 ? args[0] : throw new ArgumentException("usage: IronSeal.Fuzz unseal|cookies|session");
SealOptions? sealOptions = null;
IronSessionOptions? sessionOptions = null;

Action<string> run = target switch
{
    "unseal" => text =>
    {
        try
        {
            Iron.Unseal<JsonNode>(text, sealOptions ??= FuzzPassword.SealOptions());
        }
        catch (SealException)
        {
        }
    },
    "cookies" => text =>
    {
        IReadOnlyDictionary<string, string> cookies = CookieParser.Parse(text);
        foreach ((string name, string value) in cookies)
        {
            if (CookieParser.Get(text, name) != value)
            {
                throw new InvalidOperationException("Get disagrees with Parse");
            }
        }
    },
    "session" => text =>
    {
        IronSession<JsonObject> session = IronSession.GetAsync<JsonObject>(new HeaderCookieStore(text), sessionOptions ??= FuzzPassword.SessionOptions()).AsTask().GetAwaiter().GetResult();
        _ = session.Data.Count;
    },
    _ => throw new ArgumentException($"unknown target {target}"),
};

Fuzzer.Run(stream =>
{
    using var reader = new StreamReader(stream, Encoding.UTF8);
    run(reader.ReadToEnd());
});

internal static class FuzzPassword
{
    public const string One = "fuzzing-password-one-of-32-characters-or-more";
    public const string Two = "fuzzing-password-two-of-32-characters-or-more";

    public static SealOptions SealOptions() => new() { Password = new Dictionary<string, string> { ["1"] = One, ["2"] = Two } };

    public static IronSessionOptions SessionOptions() => new() { CookieName = "sid", Password = SealOptions().Password, Chunking = true };
}
