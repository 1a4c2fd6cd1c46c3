using System.Security.Cryptography;
using System.Text;

namespace IronSeal.Tests.Sessions;

/// <summary>h3 session options refused at configuration time, and h3 2.x's key derivation.</summary>
public sealed class H3SessionOptionsTests
{
    [Test]
    public void A_password_under_32_characters_is_refused_when_the_options_are_built() =>
        Should.Throw<ArgumentException>(() => new H3SessionOptions { Password = "short" }).Message.ShouldContain("at least 32");

    [Test]
    public void An_idle_timeout_with_h3_1_is_refused_because_h3_1_ignores_it() =>
        Should.Throw<ArgumentException>(() => new H3SessionOptions { Password = TestPasswords.One, IdleTimeout = TimeSpan.FromMinutes(5) }.Validate())
            .Message.ShouldContain("h3 1.x has no idle timeout");

    [TestCase(0.5)]
    [TestCase(0)]
    [TestCase(-60)]
    public void MaxAge_must_be_whole_positive_seconds_as_h3_counts_it(double seconds) =>
        Should.Throw<ArgumentException>(() => new H3SessionOptions { Password = TestPasswords.One, MaxAge = TimeSpan.FromSeconds(seconds) }.Validate())
            .Message.ShouldContain("whole seconds");

    [Test]
    public void A_cookie_name_browsers_refuse_is_refused() =>
        Should.Throw<ArgumentException>(() => new H3SessionOptions { Password = TestPasswords.One, Name = "a b" }.Validate()).Message.ShouldContain("Name");

    [Test]
    public void The_defaults_are_h3s_and_nuxt_auth_utils_adds_its_name_and_SameSite_Lax()
    {
        var options = new H3SessionOptions { Password = TestPasswords.One };
        options.Name.ShouldBe("h3");
        CookieSerializer.Serialize("h3", "v", H3SessionOptions.DefaultCookie(H3Version.V1)).ShouldBe("h3=v; Path=/; HttpOnly; Secure");
        CookieSerializer.Serialize("h3", "v", H3SessionOptions.DefaultCookie(H3Version.V2)).ShouldBe("h3=v; Path=/; HttpOnly; Secure; SameSite=Lax");
        H3SessionOptions nuxt = H3SessionOptions.ForNuxtAuthUtils(TestPasswords.One);
        nuxt.Name.ShouldBe("nuxt-session");
        nuxt.Cookie!.SameSite.ShouldBe(SameSite.Lax);
    }

    [TestCase(1)]
    [TestCase(8192)]
    public void Key_derivation_with_a_round_count_is_PBKDF2_HMAC_SHA1_with_that_count(int iterations)
    {
        var entry = new PasswordEntry("", TestPasswords.One);
        byte[] salt = Encoding.UTF8.GetBytes("0bd1a5f7e5e8b2bca9fd73b942bcc85ea7ae09f858992d52941186908435e186");
        byte[] key = new byte[32];

        KeyDerivation.DeriveKey(entry, salt, key, iterations);

        key.ShouldBe(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(TestPasswords.One), salt, iterations, HashAlgorithmName.SHA1, 32));
    }

    [Test]
    public async Task A_session_sealed_with_one_password_opens_as_a_new_session_with_another_and_keeps_nothing()
    {
        var errors = new List<SealException>();
        var store = new HeaderCookieStore(null);
        H3Session<Dictionary<string, string>> first = await H3Session.GetAsync<Dictionary<string, string>>(store, new H3SessionOptions { Password = TestPasswords.One, Version = H3Version.V2 });
        first.IsNew.ShouldBeTrue();
        first.Data["user"] = "ada";
        await first.SaveAsync();
        store.SetCookieHeaders.Single().ShouldStartWith("h3=Fe26.2**");

        var other = new H3SessionOptions { Password = TestPasswords.Two, Version = H3Version.V2, OnUnsealError = errors.Add };
        H3Session<Dictionary<string, string>> second = await H3Session.GetAsync<Dictionary<string, string>>(new HeaderCookieStore(store.SetCookieHeaders[0].Split(';')[0]), other);

        second.IsNew.ShouldBeTrue();
        second.Id.ShouldNotBe(first.Id);
        second.Data.ShouldBeEmpty();
        errors.Single().Reason.ShouldBe(SealError.BadMac);
    }

    [Test]
    public async Task ExpiresAt_is_createdAt_plus_MaxAge_and_in_h3_2_the_earlier_of_that_and_the_idle_timeout()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        DateTimeOffset start = clock.GetUtcNow();
        H3Session<Dictionary<string, string>> none = await H3Session.GetAsync<Dictionary<string, string>>(
            new HeaderCookieStore(null), new H3SessionOptions { Password = TestPasswords.One, TimeProvider = clock });
        none.ExpiresAt.ShouldBeNull("no MaxAge, no idle timeout: the session never ends by time");

        var v1 = new H3SessionOptions { Password = TestPasswords.One, MaxAge = TimeSpan.FromHours(2), TimeProvider = clock };
        (await H3Session.GetAsync<Dictionary<string, string>>(new HeaderCookieStore(null), v1)).ExpiresAt.ShouldBe(start.AddHours(2));

        var v2 = v1 with { Version = H3Version.V2, IdleTimeout = TimeSpan.FromMinutes(30) };
        var store = new HeaderCookieStore(null);
        H3Session<Dictionary<string, string>> session = await H3Session.GetAsync<Dictionary<string, string>>(store, v2);
        await session.SaveAsync();
        session.ExpiresAt.ShouldBe(start.AddMinutes(30), "idle for 30 minutes ends it first");
        clock.Advance(TimeSpan.FromMinutes(100));
        string cookie = store.SetCookieHeaders[^1].Split(';')[0];
        H3Session<Dictionary<string, string>> later = await H3Session.GetAsync<Dictionary<string, string>>(new HeaderCookieStore(cookie), v2 with { IdleTimeout = TimeSpan.FromHours(3) });
        await later.SaveAsync();
        later.ExpiresAt.ShouldBe(start.AddHours(2), "the absolute MaxAge ends it before the idle timeout");
    }
}
