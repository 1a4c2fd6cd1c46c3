using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal.Tests;

/// <summary>
/// The public API's promises about its arguments: a null where none is allowed throws
/// <see cref="ArgumentNullException"/> naming the parameter, a cancelled token is honoured before any work, and
/// options that cannot work are refused with a message that says what to change.
/// </summary>
public sealed class ApiContractTests
{
    private static readonly SealOptions s_options = new() { Password = TestPasswords.One };
    private static readonly JsonTypeInfo<JsonObject> s_typeInfo =
        (JsonTypeInfo<JsonObject>)JsonSerializerOptions.Web.GetTypeInfo(typeof(JsonObject));

    private static IEnumerable<TestCaseData> NullArguments()
    {
        string seal = Iron.Seal(new { a = 1 }, s_options);
        var store = new HeaderCookieStore(null);
        var sessionOptions = new IronSessionOptions { CookieName = "sid", Password = TestPasswords.One };

        yield return Case("options", () => Iron.Seal(1, (SealOptions)null!), "Seal(data, null)");
        yield return Case("jsonTypeInfo", () => Iron.Seal(new JsonObject(), null!, s_options), "Seal(data, null type info, options)");
        yield return Case("options", () => Iron.Seal(new JsonObject(), s_typeInfo, null!), "Seal(data, type info, null)");
        yield return Case("options", () => Iron.Unseal<JsonObject>(seal, (SealOptions)null!), "Unseal(seal, null)");
        yield return Case("jsonTypeInfo", () => Iron.Unseal(seal, (JsonTypeInfo<JsonObject>)null!, s_options), "Unseal(seal, null type info, options)");
        yield return Case("options", () => Iron.Unseal(seal, s_typeInfo, null!), "Unseal(seal, type info, null)");
        yield return Case("options", () => Iron.Open<JsonObject>(seal, (SealOptions)null!), "Open(seal, null)");
        yield return Case("jsonTypeInfo", () => Iron.Open(seal, (JsonTypeInfo<JsonObject>)null!, s_options), "Open(seal, null type info, options)");
        yield return Case("password", () => PasswordSet.FromString(null!), "PasswordSet.FromString(null)");
        yield return Case("passwords", () => PasswordSet.FromDictionary(null!), "PasswordSet.FromDictionary(null)");
        yield return Case("decode", () => CookieParser.Parse("a=1", null!), "CookieParser.Parse(header, null)");
        yield return Case("decode", () => CookieParser.Get("a=1", "a", null!), "CookieParser.Get(header, name, null)");
        yield return Case("value", () => CookieParser.Decode(null!), "CookieParser.Decode(null)");
        yield return Case("name", () => CookieSerializer.Serialize(null!, "v"), "CookieSerializer.Serialize(null, value)");
        yield return Case("value", () => CookieSerializer.Encode(null!), "CookieSerializer.Encode(null)");
        yield return Case("options", () => IronSession.GetAsync<JsonObject>(store, null!), "IronSession.GetAsync(store, null)");
        var h3Options = new H3SessionOptions { Name = "h3", Password = TestPasswords.One };
        yield return Case("options", () => H3Session.GetAsync<JsonObject>(store, null!), "H3Session.GetAsync(store, null)");
        yield return Case("store", () => H3Session.GetAsync<JsonObject>(null!, h3Options), "H3Session.GetAsync(null, options)");
        yield return Case("store", () => H3Session.GetAsync(null!, h3Options, s_typeInfo), "H3Session.GetAsync(null, options, type info)");
        yield return Case("jsonTypeInfo", () => H3Session.GetAsync(store, h3Options, (JsonTypeInfo<JsonObject>)null!), "H3Session.GetAsync(store, options, null)");
        yield return Case("options", () => H3Session.GetAsync(store, null!, s_typeInfo), "H3Session.GetAsync(store, null, type info)");
        yield return Case("store", () => IronSession.GetAsync<JsonObject>(null!, sessionOptions), "IronSession.GetAsync(null, options)");
        yield return Case("jsonTypeInfo", () => IronSession.GetAsync<JsonObject>(store, sessionOptions, null!), "IronSession.GetAsync(store, options, null)");
        yield return Case("options", () => IronSession.GetAsync(store, null!, s_typeInfo), "IronSession.GetAsync(store, null, type info)");
        yield return Case("options", () =>
        {
            IronSession<JsonObject> session = IronSession.GetAsync<JsonObject>(store, sessionOptions).Result;
            session.UpdateConfig(null!);
            return session;
        }, "IronSession<T>.UpdateConfig(null)");
    }

    private static TestCaseData Case(string parameter, Func<object?> call, string name) =>
        new TestCaseData(parameter, call).SetArgDisplayNames(name);

    [TestCaseSource(nameof(NullArguments))]
    public void A_null_argument_throws_ArgumentNullException_naming_it(string parameter, Func<object?> call) =>
        Should.Throw<ArgumentNullException>(() => call()).ParamName.ShouldBe(parameter);

    private static IEnumerable<TestCaseData> CancellableCalls()
    {
        string seal = Iron.Seal(new { a = 1 }, s_options);
        var sessionOptions = new IronSessionOptions { CookieName = "sid", Password = TestPasswords.One };

        yield return CancelCase(token => Iron.SealAsync(new { a = 1 }, s_options, token).AsTask(), "SealAsync");
        yield return CancelCase(token => Iron.SealAsync(new JsonObject(), s_typeInfo, s_options, token).AsTask(), "SealAsync with type info");
        yield return CancelCase(token => Iron.UnsealAsync<JsonObject>(seal, s_options, token).AsTask(), "UnsealAsync");
        yield return CancelCase(token => Iron.UnsealAsync(seal, s_typeInfo, s_options, token).AsTask(), "UnsealAsync with type info");
        yield return CancelCase(token => IronSession.GetAsync<JsonObject>(new HeaderCookieStore(null), sessionOptions, token).AsTask(), "IronSession.GetAsync");
        yield return CancelCase(
            token => H3Session.GetAsync<JsonObject>(new HeaderCookieStore(null), new H3SessionOptions { Name = "h3", Password = TestPasswords.One }, cancellationToken: token).AsTask(),
            "H3Session.GetAsync");
        yield return CancelCase(async token =>
        {
            IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(null), sessionOptions);
            await session.SaveAsync(token);
        }, "IronSession<T>.SaveAsync");
    }

    private static TestCaseData CancelCase(Func<CancellationToken, Task> call, string name) =>
        new TestCaseData(call).SetArgDisplayNames(name);

    [TestCaseSource(nameof(CancellableCalls))]
    public void A_cancelled_token_is_honoured(Func<CancellationToken, Task> call)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Should.Throw<OperationCanceledException>(() => call(cancelled.Token));
    }

    [Test]
    public void Seal_options_without_a_password_or_clock_say_which_is_missing()
    {
        var noPassword = new SealOptions { Password = null! };
        var noClock = new SealOptions { Password = TestPasswords.One, TimeProvider = null! };

        foreach (Action call in new Action[]
        {
            () => Iron.Seal(new JsonObject(), s_typeInfo, noPassword),
            () => Iron.Unseal(Iron.Seal(new { a = 1 }, s_options), s_typeInfo, noPassword),
        })
        {
            ArgumentException exception = Should.Throw<ArgumentException>(call);
            exception.ParamName.ShouldBe("options");
            exception.Message.ShouldContain("SealOptions.Password is required");
        }

        ArgumentException noClockException = Should.Throw<ArgumentException>(() => Iron.Seal(new JsonObject(), s_typeInfo, noClock));
        noClockException.ParamName.ShouldBe("options");
        noClockException.Message.ShouldContain("SealOptions.TimeProvider must not be null; leave it unset for TimeProvider.System.");
        Should.Throw<ArgumentException>(() => Iron.Open("x", s_typeInfo, noClock)).Message.ShouldContain("SealOptions.TimeProvider must not be null");
    }

    [TestCase(-1)]
    [TestCase(0.5)]
    public void A_seal_ttl_below_one_millisecond_is_refused(double milliseconds)
    {
        var options = new SealOptions { Password = TestPasswords.One, Ttl = TimeSpan.FromMilliseconds(milliseconds) };

        ArgumentOutOfRangeException exception = Should.Throw<ArgumentOutOfRangeException>(() => Iron.Seal(1, options));
        exception.ParamName.ShouldBe("Ttl");
        exception.Message.ShouldContain("TimeSpan.Zero (never expires) or at least one millisecond");
    }

    [Test]
    public void A_seal_ttl_of_exactly_one_millisecond_is_accepted() =>
        Iron.Seal(1, new SealOptions { Password = TestPasswords.One, Ttl = TimeSpan.FromMilliseconds(1) }).ShouldStartWith("Fe26.2*1*");

    [Test]
    public void Session_options_name_the_field_that_is_missing_or_out_of_range()
    {
        var valid = new IronSessionOptions { CookieName = "sid", Password = TestPasswords.One };

        Message(valid with { CookieName = null! }).ShouldContain("IronSessionOptions.CookieName is missing");
        Message(valid with { Cookie = null! }).ShouldContain("IronSessionOptions.Cookie and TimeProvider must not be null");
        Message(valid with { TimeProvider = null! }).ShouldContain("IronSessionOptions.Cookie and TimeProvider must not be null");
        Message(valid with { Ttl = TimeSpan.FromMilliseconds(500) }).ShouldContain("at least one second");
        Should.NotThrow(() => (valid with { Ttl = TimeSpan.FromSeconds(1) }).Validate());

        static string Message(IronSessionOptions options) => Should.Throw<ArgumentException>(() => options.Validate()).Message;
    }

    [Test]
    public void Null_session_data_is_refused_with_a_pointer_to_Destroy()
    {
        IronSession<JsonObject> session = IronSession.GetAsync<JsonObject>(
            new HeaderCookieStore(null), new IronSessionOptions { CookieName = "sid", Password = TestPasswords.One }).Result;

        ArgumentNullException exception = Should.Throw<ArgumentNullException>(() => session.Data = null!);
        exception.Message.ShouldContain("call Destroy() to sign out");
    }

    [Test]
    public void A_session_type_that_reads_null_from_an_empty_object_is_refused_with_its_name() =>
        Should.Throw<InvalidOperationException>(async () => await IronSession.GetAsync<ReadsAsNull>(
                new HeaderCookieStore(null), new IronSessionOptions { CookieName = "sid", Password = TestPasswords.One }))
            .Message.ShouldContain("ReadsAsNull cannot be read from {}");

    [Test]
    public void A_seal_whose_json_reads_as_null_is_InvalidJson_naming_the_type()
    {
        string seal = Iron.Seal(new { a = 1 }, s_options);

        SealException exception = Should.Throw<SealException>(() => Iron.Unseal<ReadsAsNull>(seal, s_options));
        exception.Reason.ShouldBe(SealError.InvalidJson);
        exception.Message.ShouldContain("ReadsAsNull cannot be read from {}");
    }

    /// <summary>A type whose converter reads every JSON value as null.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(NullConverter))]
    public sealed class ReadsAsNull
    {
        private sealed class NullConverter : System.Text.Json.Serialization.JsonConverter<ReadsAsNull>
        {
            public override ReadsAsNull? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                reader.Skip();
                return null;
            }

            public override void Write(Utf8JsonWriter writer, ReadsAsNull value, JsonSerializerOptions options) => writer.WriteNullValue();
        }
    }

    [Test]
    public void Every_seal_error_has_its_own_message()
    {
        SealError[] reasons = Enum.GetValues<SealError>();
        string[] messages = [.. reasons.Select(reason => SealException.For(reason, null).Message)];

        messages.ShouldAllBe(message => message.StartsWith("The ") && message.EndsWith('.'));
        messages.Distinct().Count().ShouldBe(reasons.Length);
        SealException.For(SealError.Expired, null).Message.ShouldContain("expired");
        SealException.For(SealError.BadMac, null).Message.ShouldContain("another password");
        SealException.For(SealError.UnknownPasswordId, null).Message.ShouldContain("password id");
        new SealException().Message.ShouldBe("The seal could not be opened.");
        SealException.For((SealError)99, null).Message.ShouldBe("The seal could not be opened.");
    }

    [Test]
    public void The_exception_for_a_failed_unseal_carries_the_reason_and_its_message()
    {
        string[] fields = Iron.Seal(new { a = 1 }, s_options).Split('*');
        fields[5] = "1000";

        SealException exception = Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(string.Join('*', fields), s_options));
        exception.Reason.ShouldBe(SealError.Expired);
        exception.Message.ShouldBe("The seal has expired.");
    }
}
