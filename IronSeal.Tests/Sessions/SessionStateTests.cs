using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Sessions;

/// <summary>What a session reports about itself (IsSaved, IsRenewalDue, ExpiresAt) and what it tells OnUnsealError.</summary>
public sealed class SessionStateTests
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static IronSessionOptions Rolling(FakeTimeProvider clock, List<SealException>? errors = null) => new()
    {
        CookieName = "sid",
        Password = TestPasswords.One,
        Rolling = true,
        Ttl = TimeSpan.FromHours(1),
        TimeProvider = clock,
        OnUnsealError = errors is null ? null : errors.Add,
    };

    private static async Task<string> SavedCookieHeader(IronSessionOptions options)
    {
        var store = new HeaderCookieStore(null);
        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, options);
        session.Data["user"] = "ada";
        await session.SaveAsync();
        var jar = new BrowserJar();
        jar.Apply(store.SetCookieHeaders);
        return jar.CookieHeader;
    }

    /// <summary>A rolling session read 45 minutes into its hour: due for renewal.</summary>
    private static async Task<(IronSession<JsonObject> Session, HeaderCookieStore Store)> DueSession()
    {
        var clock = new FakeTimeProvider(s_start);
        string cookie = await SavedCookieHeader(Rolling(clock));
        clock.Advance(TimeSpan.FromMinutes(45));
        var store = new HeaderCookieStore(cookie);
        return (await IronSession.GetAsync<JsonObject>(store, Rolling(clock)), store);
    }

    [Test]
    public async Task Renewal_is_due_only_once_less_than_half_the_ttl_remains()
    {
        var clock = new FakeTimeProvider(s_start);
        string cookie = await SavedCookieHeader(Rolling(clock));

        clock.Advance(TimeSpan.FromMinutes(30));
        (await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(cookie), Rolling(clock))).IsRenewalDue.ShouldBeFalse();

        clock.Advance(TimeSpan.FromMilliseconds(1));
        (await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(cookie), Rolling(clock))).IsRenewalDue.ShouldBeTrue();
    }

    [Test]
    public async Task Saving_a_due_session_marks_it_saved_and_no_longer_due()
    {
        (IronSession<JsonObject> session, _) = await DueSession();
        session.IsRenewalDue.ShouldBeTrue();
        session.IsSaved.ShouldBeFalse();

        await session.SaveAsync();

        session.IsSaved.ShouldBeTrue();
        session.IsRenewalDue.ShouldBeFalse();
    }

    [Test]
    public async Task Renewing_clears_the_due_flag()
    {
        (IronSession<JsonObject> session, _) = await DueSession();

        (await session.RenewIfDueAsync()).ShouldBeTrue();

        session.IsRenewalDue.ShouldBeFalse();
        session.IsSaved.ShouldBeTrue();
    }

    [Test]
    public async Task Destroying_a_due_session_clears_the_due_flag()
    {
        (IronSession<JsonObject> session, HeaderCookieStore store) = await DueSession();

        session.Destroy();

        session.IsRenewalDue.ShouldBeFalse();
        (await session.RenewIfDueAsync()).ShouldBeFalse();
        store.SetCookieHeaders.ShouldHaveSingleItem().ShouldStartWith("sid=; Max-Age=0");
    }

    [TestCase(null)]
    [TestCase("sid=garbage")]
    public async Task A_new_or_unreadable_rolling_session_is_never_due_and_renewing_it_writes_nothing(string? cookie)
    {
        var clock = new FakeTimeProvider(s_start);
        var store = new HeaderCookieStore(cookie);

        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(store, Rolling(clock));

        session.IsRenewalDue.ShouldBeFalse();
        (await session.RenewIfDueAsync()).ShouldBeFalse();
        store.SetCookieHeaders.ShouldBeEmpty();
    }

    [Test]
    public async Task A_session_sealed_without_a_ttl_has_no_expiry_and_is_never_due()
    {
        var clock = new FakeTimeProvider(s_start);
        IronSessionOptions options = Rolling(clock) with { Ttl = TimeSpan.Zero };
        string cookie = await SavedCookieHeader(options);
        clock.Advance(TimeSpan.FromDays(3650));

        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(cookie), options);

        session.Data["user"]!.GetValue<string>().ShouldBe("ada");
        session.ExpiresAt.ShouldBeNull();
        session.IsRenewalDue.ShouldBeFalse();
    }

    [Test]
    public async Task OnUnsealError_gets_the_reason_and_its_description_or_the_detailed_json_error()
    {
        var clock = new FakeTimeProvider(s_start);
        var errors = new List<SealException>();
        string cookie = await SavedCookieHeader(Rolling(clock));
        string seal = cookie["sid=".Length..];
        string tampered = "sid=" + seal[..100] + (seal[100] == 'a' ? 'b' : 'a') + seal[101..];
        string wrongShape = "sid=" + Iron.Seal(new[] { 1, 2 }, new SealOptions { Password = TestPasswords.One });

        await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(tampered), Rolling(clock, errors));
        await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(wrongShape), Rolling(clock, errors));

        errors.Count.ShouldBe(2);
        errors[0].Reason.ShouldBe(SealError.BadMac);
        errors[0].Message.ShouldBe("The seal's MAC does not match: it was changed, it was made with another password, or it was made for another purpose (SealOptions.Purpose must be the same on both sides).");
        errors[0].InnerException.ShouldBeNull();
        errors[1].Reason.ShouldBe(SealError.InvalidJson);
        errors[1].InnerException.ShouldBeOfType<System.Text.Json.JsonException>();
        errors[1].Message.ShouldContain("JsonObject");
    }

    [Test]
    public async Task Renewal_writes_the_data_as_read_not_the_changes_made_since()
    {
        (IronSession<JsonObject> session, HeaderCookieStore store) = await DueSession();
        session.Data["user"] = "mallory";
        session.Data["unsaved"] = true;

        (await session.RenewIfDueAsync()).ShouldBeTrue();

        string header = store.SetCookieHeaders.Single();
        string seal = header["sid=".Length..header.IndexOf(';', StringComparison.Ordinal)];
        SavedSession.AppJson(seal, new SealOptions { Password = TestPasswords.One, TimeProvider = new FakeTimeProvider(s_start.AddMinutes(45)) })
            .ShouldBe("""{"user":"ada"}""");
        session.IsRenewalDue.ShouldBeFalse();
        (await session.RenewIfDueAsync()).ShouldBeFalse();
    }
}
