using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

/// <summary>The <c>IronSeal</c> meter counts what sessions do, tagged by cookie name, read with a real <see cref="MeterListener"/>.</summary>
public sealed class SessionMetricsTests
{
    /// <summary>Every IronSeal measurement for one cookie name: instrument → tags (other than the cookie) → total.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _totals = new();

        public Recorder(string cookieName)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "IronSeal")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                string? cookie = null;
                var rest = new List<string>();
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "ironseal.cookie.name")
                    {
                        cookie = (string?)tag.Value;
                    }
                    else
                    {
                        rest.Add($"{tag.Key}={tag.Value}");
                    }
                }

                if (cookie == cookieName)
                {
                    _totals.AddOrUpdate(string.Join(" ", [instrument.Name, .. rest]), value, (_, total) => total + value);
                }
            });
            _listener.Start();
        }

        public IReadOnlyDictionary<string, long> Totals => _totals;

        public void Dispose() => _listener.Dispose();
    }

    private static IronSessionOptions Options(string cookie, TimeProvider clock, bool chunking = false) => new()
    {
        CookieName = cookie,
        Password = TestPasswords.One,
        Ttl = TimeSpan.FromHours(1),
        Rolling = true,
        Chunking = chunking,
        TimeProvider = clock,
    };

    [Test]
    public async Task Opens_refusals_by_reason_saves_renewals_destroys_and_size_refusals_are_counted()
    {
        string cookie = "metrics_" + Guid.NewGuid().ToString("N")[..8];
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        IronSessionOptions options = Options(cookie, clock);
        using var recorder = new Recorder(cookie);

        var jar = new BrowserJar();
        var first = new HeaderCookieStore(null);
        IronSession<JsonObject> created = await IronSession.GetAsync<JsonObject>(first, options);
        created.Data["n"] = 1;
        await created.SaveAsync();
        jar.Apply(first.SetCookieHeaders);

        clock.Advance(TimeSpan.FromMinutes(40)); // due for renewal
        IronSession<JsonObject> due = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), options);
        (await due.RenewIfDueAsync()).ShouldBeTrue();

        await IronSession.GetAsync<JsonObject>(new HeaderCookieStore($"{cookie}=Fe26.2**tampered"), options);
        string other = Iron.Seal(new { n = 1 }, new SealOptions { Password = TestPasswords.Two });
        await IronSession.GetAsync<JsonObject>(new HeaderCookieStore($"{cookie}={other}~2"), options);
        await IronSession.GetAsync<JsonObject>(new HeaderCookieStore($"{cookie}={other}~2"), options);
        clock.Advance(TimeSpan.FromHours(2));
        IronSession<JsonObject> expired = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), options);
        expired.Destroy();

        IronSession<JsonObject> big = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(null), options);
        big.Data["blob"] = new string('x', 5000);
        await Should.ThrowAsync<SessionCookieTooLargeException>(async () => await big.SaveAsync());

        recorder.Totals.OrderBy(pair => pair.Key).ShouldBe(new Dictionary<string, long>
        {
            ["ironseal.sessions.opened ironseal.session.state=none"] = 2,
            ["ironseal.sessions.opened ironseal.session.state=valid"] = 1,
            ["ironseal.sessions.opened ironseal.session.state=refused"] = 4,
            ["ironseal.cookies.refused ironseal.seal.error=Malformed"] = 1,
            ["ironseal.cookies.refused ironseal.seal.error=BadMac"] = 2,
            ["ironseal.cookies.refused ironseal.seal.error=Expired"] = 1,
            ["ironseal.sessions.saved"] = 1,
            ["ironseal.sessions.renewed"] = 1,
            ["ironseal.sessions.destroyed"] = 1,
            ["ironseal.sessions.too_large"] = 1,
        }.OrderBy(pair => pair.Key));
    }

    [Test]
    public async Task H3_sessions_are_counted_on_the_same_meter()
    {
        string cookie = "h3metrics_" + Guid.NewGuid().ToString("N")[..8];
        var options = new H3SessionOptions { Name = cookie, Password = TestPasswords.One, MaxAge = TimeSpan.FromHours(1) };
        using var recorder = new Recorder(cookie);

        var first = new HeaderCookieStore(null);
        H3Session<JsonObject> created = await H3Session.GetAsync<JsonObject>(first, options);
        created.Data["user"] = "ada";
        await created.SaveAsync();
        string pair = first.SetCookieHeaders[0].Split(';')[0];
        H3Session<JsonObject> read = await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(pair), options);
        read.Data["user"]!.GetValue<string>().ShouldBe("ada");
        read.Clear();
        await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(pair[..^3] + (pair[^3] == 'A' ? "B" : "A") + pair[^2..]), options);

        recorder.Totals.OrderBy(pair => pair.Key).ShouldBe(new Dictionary<string, long>
        {
            ["ironseal.sessions.opened ironseal.session.state=none"] = 1,
            ["ironseal.sessions.opened ironseal.session.state=valid"] = 1,
            ["ironseal.sessions.opened ironseal.session.state=refused"] = 1,
            ["ironseal.cookies.refused ironseal.seal.error=BadMac"] = 1,
            ["ironseal.sessions.saved"] = 1,
            ["ironseal.sessions.destroyed"] = 1,
        }.OrderBy(pair => pair.Key));
    }
}
