namespace IronSeal.Tests.Seal;

public sealed class PasswordGenerationTests
{
    [Test]
    public void Generated_passwords_are_long_url_safe_and_distinct()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 1_000; i++)
        {
            string password = PasswordSet.GeneratePassword();
            password.Length.ShouldBe(43);
            password.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');
            seen.Add(password).ShouldBeTrue();
        }
    }

    [Test]
    public void A_generated_password_seals_and_unseals()
    {
        var options = new SealOptions { Password = PasswordSet.GeneratePassword() };

        Iron.Unseal<int>(Iron.Seal(5, options), options).ShouldBe(5);
    }
}
