using IronSeal;
using IronSeal.Samples.HttpListener;

// The password comes from the environment here; at least 32 characters, the same on every server.
string password = Environment.GetEnvironmentVariable("IRONSEAL_PASSWORD") ?? "development-only-password-change-me-0123456789";
var options = new IronSessionOptions
{
    CookieName = "visits",
    Password = password,
    Cookie = IronSessionOptions.DefaultCookie with { Secure = false }, // plain http on 127.0.0.1 in this sample
};

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
Console.WriteLine("Serving http://127.0.0.1:5081/ (try /login?user=ada, /, /logout); Ctrl+C stops.");
await VisitCounterServer.RunAsync("http://127.0.0.1:5081/", options, stop.Token);
