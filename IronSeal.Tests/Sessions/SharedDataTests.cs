using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Sessions;

public sealed class ApiSession
{
    public string? UserId { get; set; }

    public string? Role { get; set; }

    public string? Flash { get; set; }

    public ApiUser? User { get; set; }
}

public sealed class ApiUser
{
    public string? Id { get; set; }

    public string? Name { get; set; }
}

public sealed class ExplicitNullSession
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Flash { get; set; }

    public string? Other { get; set; }
}

public sealed class CountedSession
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Visits { get; set; }

    [JsonPropertyName("größe")]
    public string? Size { get; set; }

    public string? Theme { get; set; }
}

public sealed class ExtensionSession
{
    public string? UserId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Rest { get; set; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiSession))]
[JsonSerializable(typeof(ExplicitNullSession))]
internal sealed partial class SharedDataJsonContext : JsonSerializerContext;

/// <summary>
/// A session shared with another app loses nothing (issue 28): members the .NET type does not model survive a .NET
/// save unchanged, in their place; a member the type models and holds null is written as absent; what the type models,
/// .NET owns. For iron-session and h3 sessions alike, and for renewals. (The Node tier checks the same against the
/// real iron-session 8 and 9 and h3.)
/// </summary>
public sealed class SharedDataTests
{
    private static readonly IronSessionOptions s_options = new() { CookieName = "s", Password = TestPasswords.One };

    private static BrowserJar JarWith(string json, IronSessionOptions? options = null)
    {
        var jar = new BrowserJar();
        jar.Apply([$"{(options ?? s_options).CookieName}={Iron.Seal(JsonNode.Parse(json)!, new SealOptions { Password = TestPasswords.One })}; Path=/"]);
        return jar;
    }

    private static async Task<string> SaveAsync<T>(BrowserJar jar, Action<IronSession<T>> change, IronSessionOptions? options = null)
        where T : class
    {
        options ??= s_options;
        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<T> session = await IronSession.GetAsync<T>(store, options);
        change(session);
        await session.SaveAsync();
        jar.Apply(store.SetCookieHeaders);
        return SavedSession.AppJson(jar.Cookies[options.CookieName], new SealOptions { Password = TestPasswords.One });
    }

    [Test]
    public async Task Members_the_type_does_not_model_survive_a_save_unchanged_and_in_place()
    {
        BrowserJar jar = JarWith("""{"userId":"42","cart":{"items":[1,{"sku":"pen","note":null}],"total":1.5e3},"role":"user","theme":"dark"}""");

        string json = await SaveAsync<ApiSession>(jar, s => s.Data.Role = "admin");

        json.ShouldBe("""{"userId":"42","cart":{"items":[1,{"sku":"pen","note":null}],"total":1.5e3},"role":"admin","theme":"dark"}""");
    }

    [Test]
    public async Task A_modelled_member_set_to_null_is_removed_and_a_null_member_is_never_written()
    {
        BrowserJar jar = JarWith("""{"userId":"42","flash":"Saved.","cart":[]}""");

        (await SaveAsync<ApiSession>(jar, s => s.Data.Flash = null)).ShouldBe("""{"userId":"42","cart":[]}""");
        (await SaveAsync<ApiSession>(new BrowserJar(), s => s.Data.UserId = "7")).ShouldBe("""{"userId":"7"}""");
    }

    [Test]
    public async Task Members_nested_in_a_modelled_object_survive_too()
    {
        BrowserJar jar = JarWith("""{"user":{"id":"1","avatar":"a.png","name":"Ada"},"userId":"1"}""");

        string json = await SaveAsync<ApiSession>(jar, s => s.Data.User!.Name = "Ada L.");

        json.ShouldBe("""{"user":{"id":"1","avatar":"a.png","name":"Ada L."},"userId":"1"}""");
    }

    [Test]
    public async Task Members_are_matched_as_the_options_match_them_written_once_and_keep_the_other_apps_spelling()
    {
        // Web defaults read "USERID" into UserId: .NET owns its value, written once, under the name the other app reads.
        BrowserJar jar = JarWith("""{"USERID":"42","cart":1}""");
        (await SaveAsync<ApiSession>(jar, s => s.Data.Role = "user")).ShouldBe("""{"USERID":"42","cart":1,"role":"user"}""");

        // Also when every member is modelled: a Node app writing PascalCase keeps reading PascalCase.
        BrowserJar pascal = JarWith("""{"UserId":"1","Role":"x","User":{"Name":"Ada"}}""");
        (await SaveAsync<ApiSession>(pascal, s => { s.Data.Role = "admin"; s.Data.User!.Name = "Ada L."; }))
            .ShouldBe("""{"UserId":"1","Role":"admin","User":{"Name":"Ada L."}}""");
    }

    [Test]
    public async Task A_session_whose_data_did_not_fit_refuses_a_save_in_place_and_saves_once_replaced()
    {
        BrowserJar jar = JarWith("""{"userId":42,"cart":{"items":[1]}}""");
        string before = jar.Cookies["s"];
        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<ApiSession> session = await IronSession.GetAsync<ApiSession>(store, s_options);
        session.Data.Role = "admin";

        var refused = await Should.ThrowAsync<SessionDataDoesNotFitException>(async () => await session.SaveAsync());

        refused.JsonPath.ShouldBe("$.userId");
        refused.CookieName.ShouldBe("s");
        refused.Message.ShouldContain("set Data to a new object");
        store.SetCookieHeaders.ShouldBeEmpty(); // the other app's cart is still in the cookie
        jar.Cookies["s"].ShouldBe(before);

        session.Data = new ApiSession { UserId = "7" }; // a sign-in: starting over is a decision
        await session.SaveAsync();
        jar.Apply(store.SetCookieHeaders);
        SavedSession.AppJson(jar.Cookies["s"], new SealOptions { Password = TestPasswords.One }).ShouldBe("""{"userId":"7"}""");
    }

    [Test]
    public async Task An_h3_session_whose_data_did_not_fit_refuses_a_save_in_place_too()
    {
        var options = new H3SessionOptions { Name = "h3", Password = TestPasswords.One };
        var first = new HeaderCookieStore(null);
        H3Session<JsonObject> nuxt = await H3Session.GetAsync<JsonObject>(first, options);
        nuxt.Data["userId"] = 42;
        await nuxt.SaveAsync();

        var store = new HeaderCookieStore(first.SetCookieHeaders.Single().Split(';')[0]);
        H3Session<ApiSession> session = await H3Session.GetAsync<ApiSession>(store, options);
        session.Data.Role = "admin";
        (await Should.ThrowAsync<SessionDataDoesNotFitException>(async () => await session.SaveAsync())).JsonPath.ShouldBe("$.userId");
        store.SetCookieHeaders.ShouldBeEmpty();

        session.Clear();
        session.Data.Role = "admin";
        await session.SaveAsync();
        store.SetCookieHeaders.Count.ShouldBe(2); // the clear, then the new session
    }

    [Test]
    public async Task Replacing_the_data_whole_starts_over_and_destroy_forgets_everything()
    {
        BrowserJar jar = JarWith("""{"userId":"42","isAdmin":true}""");
        (await SaveAsync<ApiSession>(jar, s => s.Data = new ApiSession { UserId = "7" })).ShouldBe("""{"userId":"7"}""");

        BrowserJar other = JarWith("""{"userId":"42","isAdmin":true}""");
        var store = new HeaderCookieStore(other.CookieHeader);
        IronSession<ApiSession> session = await IronSession.GetAsync<ApiSession>(store, s_options);
        session.Destroy();
        session.IsDestroyed.ShouldBeTrue();
    }

    [Test]
    public async Task A_renewal_re_issues_the_unmodelled_members_as_read()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        IronSessionOptions rolling = s_options with { Ttl = TimeSpan.FromHours(2), Rolling = true, TimeProvider = clock };
        var jar = new BrowserJar();
        jar.Apply([$"s={Iron.Seal(JsonNode.Parse("""{"userId":"42","cart":[1,2]}""")!, new SealOptions { Password = TestPasswords.One, Ttl = TimeSpan.FromHours(2), TimeProvider = clock })}; Path=/"]);
        clock.Advance(TimeSpan.FromMinutes(90));

        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<ApiSession> session = await IronSession.GetAsync<ApiSession>(store, rolling);
        session.Data.Role = "not saved";
        (await session.RenewIfDueAsync()).ShouldBeTrue();
        jar.Apply(store.SetCookieHeaders);

        SavedSession.AppJson(jar.Cookies["s"], new SealOptions { Password = TestPasswords.One, TimeProvider = clock })
            .ShouldBe("""{"userId":"42","cart":[1,2]}""");
    }

    [Test]
    public async Task The_sessions_own_members_are_written_once_and_keep_their_values_beside_a_peers_members()
    {
        IronSessionOptions bounded = s_options with { AbsoluteLifetime = TimeSpan.FromDays(30) };
        var jar = new BrowserJar();
        await SaveAsync<ApiSession>(jar, s => s.Data.UserId = "42", bounded);
        JsonObject first = Iron.Unseal<JsonObject>(jar.Cookies["s"], new SealOptions { Password = TestPasswords.One });
        first["cart"] = 3; // what a Node app adds when it re-saves: the reserved members stay where they were
        jar.Apply([$"s={Iron.Seal(first, new SealOptions { Password = TestPasswords.One })}; Path=/"]);

        await SaveAsync<ApiSession>(jar, s => s.Data.Role = "user", bounded);

        JsonObject saved = Iron.Unseal<JsonObject>(jar.Cookies["s"], new SealOptions { Password = TestPasswords.One });
        saved.Select(p => p.Key).ShouldBe(["userId", "cart", "role", "_ironseal_iat", "_ironseal_sid"]);
        saved["_ironseal_iat"]!.GetValue<long>().ShouldBe(first["_ironseal_iat"]!.GetValue<long>());
        saved["_ironseal_sid"]!.GetValue<long>().ShouldBe(first["_ironseal_sid"]!.GetValue<long>());
    }

    [Test]
    public async Task A_source_generated_type_behaves_the_same_and_JsonIgnore_Never_keeps_an_explicit_null()
    {
        BrowserJar jar = JarWith("""{"userId":"42","flash":"x","cart":1}""");
        var store = new HeaderCookieStore(jar.CookieHeader);
        IronSession<ApiSession> session = await IronSession.GetAsync(store, s_options, SharedDataJsonContext.Default.ApiSession);
        session.Data.Flash = null;
        await session.SaveAsync();
        jar.Apply(store.SetCookieHeaders);
        SavedSession.AppJson(jar.Cookies["s"], new SealOptions { Password = TestPasswords.One }).ShouldBe("""{"userId":"42","cart":1}""");

        var explicitStore = new HeaderCookieStore(null);
        IronSession<ExplicitNullSession> kept = await IronSession.GetAsync(explicitStore, s_options, SharedDataJsonContext.Default.ExplicitNullSession);
        await kept.SaveAsync();
        var back = new BrowserJar();
        back.Apply(explicitStore.SetCookieHeaders);
        SavedSession.AppJson(back.Cookies["s"], new SealOptions { Password = TestPasswords.One }).ShouldBe("""{"flash":null}""");
    }

    [Test]
    public async Task Escaped_and_non_ascii_names_match_as_the_deserializer_matches_them_and_keep_their_spelling()
    {
        // "user\u0049d" is "userId" with an escaped I; "GRÖßE" matches "größe" case-insensitively (Ö/ö beyond ASCII).
        BrowserJar jar = JarWith("""{"user\u0049d":"42","GRÖßE":"m"}""");

        JsonObject saved = JsonNode.Parse(await SaveAsync<CountedSession>(jar, s => s.Data.Size = "l"))!.AsObject();

        saved.Select(p => p.Key).ShouldBe(["userId", "GRÖßE"]); // unescaped here by the reader; the other app's spelling
        saved["GRÖßE"]!.GetValue<string>().ShouldBe("l");
        (await SaveAsync<ApiSession>(JarWith("""{"user\u0049d":"42"}"""), s => s.Data.Role = "x")).ShouldBe("""{"userId":"42","role":"x"}""");
    }

    [Test]
    public async Task The_types_own_ignore_conditions_still_apply_beside_null_as_absent()
    {
        (await SaveAsync<CountedSession>(new BrowserJar(), s => s.Data.Theme = "dark")).ShouldBe("""{"theme":"dark"}""");
        (await SaveAsync<CountedSession>(new BrowserJar(), s => s.Data.Visits = 3)).ShouldBe("""{"visits":3}""");
    }

    [Test]
    public async Task A_type_with_extension_data_writes_what_dotnet_added_to_it_after_the_members_read()
    {
        BrowserJar jar = JarWith("""{"cart":[1],"userId":"42"}""");

        string json = await SaveAsync<ExtensionSession>(jar, s => s.Data.Rest!["added"] = JsonDocument.Parse("true").RootElement.Clone());

        json.ShouldBe("""{"cart":[1],"userId":"42","added":true}""");
    }

    [Test]
    public async Task A_type_with_extension_data_keeps_unknown_members_itself_without_doubling_them()
    {
        BrowserJar jar = JarWith("""{"userId":"42","cart":[1],"theme":"dark"}""");
        (await SaveAsync<ExtensionSession>(JarWith("""{"theme":"dark","userId":"42"}"""), s => s.Data.UserId = "7")).ShouldBe("""{"theme":"dark","userId":"7"}""");

        string json = await SaveAsync<ExtensionSession>(jar, s => s.Data.Rest!.Remove("theme"));

        json.ShouldBe("""{"userId":"42","cart":[1]}""");
    }

    [Test]
    public async Task Nulls_inside_a_json_object_session_are_data_and_stay()
    {
        BrowserJar jar = JarWith("""{"a":null,"b":{"c":null}}""");

        (await SaveAsync<JsonObject>(jar, s => s.Data["d"] = null)).ShouldBe("""{"a":null,"b":{"c":null},"d":null}""");
        (await SaveAsync<Dictionary<string, string?>>(JarWith("""{"a":null}"""), s => s.Data["b"] = null)).ShouldBe("""{"a":null,"b":null}""");
    }

    [TestCase(H3Version.V1)]
    [TestCase(H3Version.V2)]
    public async Task An_h3_session_keeps_the_members_of_data_its_type_does_not_model(H3Version version)
    {
        var options = new H3SessionOptions { Name = "h3", Password = TestPasswords.One, Version = version };
        var jar = new BrowserJar();
        var first = new HeaderCookieStore(null);
        H3Session<JsonObject> nuxt = await H3Session.GetAsync<JsonObject>(first, options);
        nuxt.Data = JsonNode.Parse("""{"user":{"id":"1","name":"Ada","avatar":"a.png"},"loggedInAt":5,"flash":"hi","secure":{"t":1}}""")!.AsObject();
        await nuxt.SaveAsync();
        jar.Apply(first.SetCookieHeaders);

        var store = new HeaderCookieStore(jar.CookieHeader);
        H3Session<ApiSession> api = await H3Session.GetAsync<ApiSession>(store, options);
        api.Data.User!.Name = "Ada L.";
        api.Data.Flash = null;
        await api.SaveAsync();
        jar.Apply(store.SetCookieHeaders);

        H3Session<JsonObject> back = await H3Session.GetAsync<JsonObject>(new HeaderCookieStore(jar.CookieHeader), options);
        back.Id.ShouldBe(nuxt.Id);
        back.Data.ToJsonString().ShouldBe("""{"user":{"id":"1","name":"Ada L.","avatar":"a.png"},"loggedInAt":5,"secure":{"t":1}}""");
    }
}
