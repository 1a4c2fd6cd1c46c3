using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IronSeal.Tests.Sessions;

/// <summary>What a source-generated context without web defaults reads: PascalCase names, case-sensitive.</summary>
[JsonSerializable(typeof(ApiSession))]
internal sealed partial class PascalCaseJsonContext : JsonSerializerContext;

/// <summary>
/// A session shared with another app says loudly when it does not line up (issue 28): data that opened but does not
/// fit the type (with its JSON path), data in which none of the type's members were found, and two cookies of one
/// name, each reported to <c>OnWarning</c> with a stable cause.
/// </summary>
public sealed class SessionWarningTests
{
    private static readonly SealOptions s_seal = new() { Password = TestPasswords.One };

    private static IronSessionOptions Options(List<SessionWarning> warnings) =>
        new() { CookieName = "s", Password = TestPasswords.One, OnWarning = warnings.Add };

    private static string Seal(string json) => Iron.Seal(JsonNode.Parse(json)!, s_seal);

    [Test]
    public async Task A_member_of_another_type_is_reported_with_its_json_path_and_the_session_is_empty()
    {
        var warnings = new List<SessionWarning>();
        var errors = new List<SealException>();
        IronSessionOptions options = Options(warnings) with { OnUnsealError = errors.Add };

        IronSession<ApiSession> session = await IronSession.GetAsync<ApiSession>(new HeaderCookieStore($"s={Seal("""{"userId":42,"role":"user"}""")}"), options);

        session.Data.UserId.ShouldBeNull();
        errors.Single().Reason.ShouldBe(SealError.InvalidJson);
        SessionWarning warning = warnings.Single();
        warning.Kind.ShouldBe(SessionWarningKind.DataDoesNotFit);
        warning.JsonPath.ShouldBe("$.userId");
        warning.Cause.ShouldBe("$.userId");
        warning.DataType.ShouldBe(typeof(ApiSession));
        warning.CookieName.ShouldBe("s");
        warning.Message.ShouldContain("does not fit ApiSession at $.userId: The JSON value could not be converted to System.String.");
        warning.Message.ShouldContain("refuses a save in place (SessionDataDoesNotFitException)");
        warning.Message.ShouldNotContain("42"); // no session data in logs
    }

    [Test]
    public async Task A_context_without_web_defaults_reading_camel_case_is_reported_once_a_session_matches_nothing()
    {
        var warnings = new List<SessionWarning>();
        string cookie = $"s={Seal("""{"userId":"42","role":"user"}""")}";

        IronSession<ApiSession> session = await IronSession.GetAsync(new HeaderCookieStore(cookie), Options(warnings), PascalCaseJsonContext.Default.ApiSession);

        session.Data.UserId.ShouldBeNull();
        SessionWarning warning = warnings.Single();
        warning.Kind.ShouldBe(SessionWarningKind.NoMemberMatched);
        warning.Cause.ShouldBe("none");
        warning.Message.ShouldContain("opened with 2 member(s) (e.g. \"userId\") and none of them is a member of ApiSession");
        warning.Message.ShouldContain("a source-generated context needs [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]");
        warning.JsonPath.ShouldBeNull();

        // The same cookie read with web defaults matches, and says nothing.
        warnings.Clear();
        (await IronSession.GetAsync(new HeaderCookieStore(cookie), Options(warnings), SharedDataJsonContext.Default.ApiSession)).Data.UserId.ShouldBe("42");
        warnings.ShouldBeEmpty();
    }

    [Test]
    public async Task Sessions_that_match_some_members_or_are_empty_or_dictionaries_say_nothing()
    {
        var warnings = new List<SessionWarning>();
        foreach (string json in new[] { """{"userId":"1","cart":[]}""", "{}", """{"_other":1}""" })
        {
            await IronSession.GetAsync<ApiSession>(new HeaderCookieStore($"s={Seal(json)}"), Options(warnings));
            await IronSession.GetAsync<Dictionary<string, JsonNode>>(new HeaderCookieStore($"s={Seal(json)}"), Options(warnings));
        }

        warnings.Select(w => w.Kind).ShouldBe([SessionWarningKind.NoMemberMatched]); // only {"_other":1} as ApiSession
    }

    [Test]
    public async Task Two_session_cookies_of_one_name_are_reported_with_what_differs()
    {
        string ada = Seal("""{"userId":"ada"}""");
        string alan = Seal("""{"userId":"alan"}""");
        string foreign = Iron.Seal(JsonNode.Parse("""{"userId":"x"}""")!, new SealOptions { Password = TestPasswords.Two });
        var cases = new (string Header, string Cause)[]
        {
            ($"s={ada}; theme=dark; s={alan}", "both-open"),
            ($"s={ada}; s={foreign}", "second-refused:BadMac"),
            ($"s={ada}; s={ada}", "same-value"),
            ($"s=; s={alan}", "first-empty"),
        };

        var says = new Dictionary<string, string>
        {
            ["both-open"] = "Both open, to different sessions",
            ["second-refused:BadMac"] = "The second does not open (BadMac)",
            ["same-value"] = "Both hold the same value now",
            ["first-empty"] = "The first is empty",
        };
        foreach ((string header, string cause) in cases)
        {
            var warnings = new List<SessionWarning>();
            IronSession<ApiSession> session = await IronSession.GetAsync<ApiSession>(new HeaderCookieStore(header), Options(warnings));

            session.Data.UserId.ShouldBe(header.StartsWith("s=;", StringComparison.Ordinal) ? null : "ada"); // the first wins
            SessionWarning warning = warnings.Single();
            warning.Kind.ShouldBe(SessionWarningKind.DuplicateCookie);
            warning.Cause.ShouldBe(cause);
            warning.JsonPath.ShouldBeNull();
            warning.Message.ShouldStartWith("The request carried two cookies named \"s\". IronSeal reads the first");
            warning.Message.ShouldContain(says[cause]);
            warning.Message.ShouldContain("give every app that writes \"s\" the same Domain and Path (IronSession:Cookie:Domain");
            warning.ToString().ShouldBe($"DuplicateCookie (s): {warning.Message}");
        }

        var none = new List<SessionWarning>();
        await IronSession.GetAsync<ApiSession>(new HeaderCookieStore($"s={ada}; ss={alan}; xs=1"), Options(none));
        none.ShouldBeEmpty(); // names that contain the name are other cookies
    }

    [Test]
    public async Task An_h3_session_reports_the_same_warnings()
    {
        var warnings = new List<SessionWarning>();
        var options = new H3SessionOptions { Name = "h3", Password = TestPasswords.One, OnWarning = warnings.Add };
        var store = new HeaderCookieStore(null);
        H3Session<JsonObject> nuxt = await H3Session.GetAsync<JsonObject>(store, options);
        nuxt.Data["user"] = 5;
        await nuxt.SaveAsync();
        string cookie = store.SetCookieHeaders.Single().Split(';')[0];

        await H3Session.GetAsync<ApiSession>(new HeaderCookieStore(cookie), options);
        await H3Session.GetAsync<ApiSession>(new HeaderCookieStore($"{cookie}; {cookie}"), options);

        warnings.Select(w => (w.Kind, w.Cause)).ShouldBe(
        [
            (SessionWarningKind.DataDoesNotFit, "$.user"),
            (SessionWarningKind.DuplicateCookie, "same-value"),
            (SessionWarningKind.DataDoesNotFit, "$.user"),
        ]);
    }

    [Test]
    public async Task A_seal_that_is_not_json_at_all_is_reported_without_a_path()
    {
        var warnings = new List<SessionWarning>();
        string notJson = Iron.Seal("just text", new SealOptions { Password = TestPasswords.One });

        await IronSession.GetAsync<ApiSession>(new HeaderCookieStore($"s={notJson}"), Options(warnings));

        SessionWarning warning = warnings.Single();
        warning.Kind.ShouldBe(SessionWarningKind.DataDoesNotFit);
        warning.JsonPath.ShouldBe("$");
        warning.Cause.ShouldBe("$");
    }

    [Test]
    public async Task Every_warning_is_counted_in_the_meter_by_kind()
    {
        string cookie = "warned_" + Guid.NewGuid().ToString("N")[..8];
        var counted = new List<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "IronSeal" && instrument.Name == "ironseal.sessions.warnings")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Dictionary<string, object?> all = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if ((string?)all["ironseal.cookie.name"] == cookie)
            {
                counted.Add($"{all["ironseal.warning"]}x{value}");
            }
        });
        listener.Start();
        var options = new IronSessionOptions { CookieName = cookie, Password = TestPasswords.One };
        string drifted = Seal("""{"userId":42}""");

        await IronSession.GetAsync<ApiSession>(new HeaderCookieStore($"{cookie}={drifted}"), options);
        await IronSession.GetAsync<ApiSession>(new HeaderCookieStore($"{cookie}={drifted}"), options);

        counted.ShouldBe(["DataDoesNotFitx1", "DataDoesNotFitx1"]);
    }
}
