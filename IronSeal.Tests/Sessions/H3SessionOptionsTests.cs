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
}
