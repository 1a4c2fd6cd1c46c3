namespace IronSeal.Tests.Seal;

public sealed class PasswordSetTests
{
    [Test]
    public void A_string_becomes_id_1()
    {
        PasswordSet set = TestPasswords.One;

        set.Ids.ShouldBe(["1"]);
        set.SealingId.ShouldBe("1");
    }

    [Test]
    public void The_numerically_highest_id_seals()
    {
        PasswordSet set = new Dictionary<string, string> { ["9"] = TestPasswords.One, ["10"] = TestPasswords.Two, ["0"] = TestPasswords.Three };

        set.SealingId.ShouldBe("10");
    }

    [Test]
    public void WithSealingId_seals_with_the_chosen_id_and_still_opens_every_id()
    {
        PasswordSet both = new Dictionary<string, string> { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two };
        PasswordSet oldStillSeals = both.WithSealingId("1");

        oldStillSeals.SealingId.ShouldBe("1");
        both.SealingId.ShouldBe("2", "the original set is unchanged");
        oldStillSeals.ToString().ShouldBe("PasswordSet { ids: 1, 2; seals with: 1 }");
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = oldStillSeals });
        seal.Split('*')[1].ShouldBe("1");
        Iron.Unseal<Dictionary<string, int>>(seal, new SealOptions { Password = TestPasswords.One })["a"].ShouldBe(1, "an instance that knows only the old password opens it");
        string newer = Iron.Seal(new { a = 2 }, new SealOptions { Password = both });
        Iron.Unseal<Dictionary<string, int>>(newer, new SealOptions { Password = oldStillSeals })["a"].ShouldBe(2);

        string purposed = Iron.Seal(new { a = 3 }, new SealOptions { Password = oldStillSeals, Purpose = "p" });
        purposed.Split('*')[1].ShouldBe("1", "a purpose keeps the chosen sealing id");
    }

    [Test]
    public void WithSealingId_refuses_an_id_the_set_does_not_hold()
    {
        PasswordSet both = new Dictionary<string, string> { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two };

        Should.Throw<ArgumentException>(() => both.WithSealingId("3")).Message.ShouldStartWith("The sealing password id \"3\" is not in the set (ids: 1, 2)");
    }

    [Test]
    public void FromDictionary_takes_the_ids_and_seals_with_the_highest()
    {
        PasswordSet set = PasswordSet.FromDictionary(new Dictionary<string, string> { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two });

        set.SealingId.ShouldBe("2");
        set.Ids.Count.ShouldBe(2);
    }

    [Test]
    public void A_password_of_31_characters_is_refused_with_what_to_change()
    {
        var exception = Should.Throw<ArgumentException>(() => (PasswordSet)new string('x', 31));

        exception.Message.ShouldContain("31 characters");
        exception.Message.ShouldContain("at least 32");
    }

    [Test]
    public void Length_is_counted_in_utf16_units_as_javascript_does()
    {
        PasswordSet sixteenEmoji = string.Concat(Enumerable.Repeat("😀", 16));

        sixteenEmoji.SealingId.ShouldBe("1");
        Should.Throw<ArgumentException>(() => (PasswordSet)(string.Concat(Enumerable.Repeat("😀", 15)) + "x"));
    }

    [TestCase("a-b")]
    [TestCase("1.5")]
    [TestCase("-1")]
    [TestCase(" 1")]
    [TestCase("é")]
    [TestCase("")]
    public void An_id_outside_ascii_word_characters_is_refused(string id)
    {
        var exception = Should.Throw<ArgumentException>(() => (PasswordSet)new Dictionary<string, string> { [id] = TestPasswords.One });

        exception.Message.ShouldContain("id");
    }

    [Test]
    public void An_empty_set_is_refused() =>
        Should.Throw<ArgumentException>(() => (PasswordSet)new Dictionary<string, string>()).Message.ShouldContain("empty");

    [TestCase("default")]
    [TestCase("01")]
    [TestCase("abc")]
    [TestCase("1234567890123456")]
    public void A_set_with_a_non_integer_id_unseals_but_refuses_to_seal(string id)
    {
        PasswordSet set = new Dictionary<string, string> { [id] = TestPasswords.One, ["1"] = TestPasswords.Two };
        var options = new SealOptions { Password = set };
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.Two });

        set.SealingId.ShouldBeNull();
        Should.Throw<ArgumentException>(() => Iron.Seal(new { a = 1 }, options)).Message.ShouldContain("not an integer");
        Should.NotThrow(() => Iron.Unseal<object>(seal, options));
    }

    [Test]
    public void ToString_shows_ids_and_never_a_secret()
    {
        PasswordSet set = TestPasswords.Rotated;

        string text = set.ToString();

        text.ShouldContain("1");
        text.ShouldContain("seals with: 2");
        text.ShouldNotContain(TestPasswords.One);
        text.ShouldNotContain(TestPasswords.Two);
        new SealOptions { Password = set }.ToString().ShouldNotContain(TestPasswords.One);
    }

    [Test]
    public void Passwords_are_not_normalised()
    {
        var nfc = new SealOptions { Password = "caf\u00e9-is-a-password-of-32-chars-or-more" };
        var nfd = new SealOptions { Password = "cafe\u0301-is-a-password-of-32-chars-or-more" };

        Should.Throw<SealException>(() => Iron.Unseal<object>(Iron.Seal(1, nfc), nfd)).Reason.ShouldBe(SealError.BadMac);
    }

    [Test]
    public void ToString_lists_ids_in_ordinal_order_and_the_sealing_id()
    {
        PasswordSet set = new Dictionary<string, string> { ["2"] = TestPasswords.One, ["10"] = TestPasswords.Two, ["1"] = TestPasswords.Three };

        set.ToString().ShouldBe("PasswordSet { ids: 1, 10, 2; seals with: 10 }");
        ((PasswordSet)new Dictionary<string, string> { ["a"] = TestPasswords.One }).ToString()
            .ShouldBe("PasswordSet { ids: a; seals with: (none: an id is not an integer) }");
    }

    [TestCase("123456789012345", true)]
    [TestCase("1234567890123456", false)]
    [TestCase("0", true)]
    [TestCase("00", false)]
    [TestCase("1_0", false)]
    [TestCase("1a", false)]
    public void Sealing_ids_are_canonical_integers_of_at_most_15_digits(string id, bool seals)
    {
        PasswordSet set = new Dictionary<string, string> { [id] = TestPasswords.One };

        set.SealingId.ShouldBe(seals ? id : null);
    }

    [Test]
    public void Sealing_with_a_set_that_cannot_seal_names_the_options_and_how_to_fix_the_ids()
    {
        var options = new SealOptions { Password = new Dictionary<string, string> { ["old"] = TestPasswords.One } };

        ArgumentException exception = Should.Throw<ArgumentException>(() => Iron.Seal(1, options));

        exception.ParamName.ShouldBe("options");
        exception.Message.ShouldContain("Password id \"old\" is not an integer");
        exception.Message.ShouldContain("Use ids such as \"1\", \"2\"");
    }

    [Test]
    public void A_short_password_message_says_how_to_make_a_good_one() =>
        Should.Throw<ArgumentException>(() => (PasswordSet)"short").Message
            .ShouldContain("Generate a random one (e.g. 32 random bytes as base64) and keep it out of source control.");

    [TestCase('\uD800', 0)]
    [TestCase('\uDC00', 0)]
    public void Passwords_that_are_not_valid_unicode_are_refused_with_the_index(char surrogate, int index)
    {
        // Before, 32 × U+D800, 32 × U+DC00 and 32 × U+FFFD all derived the same keys.
        ArgumentException exception = Should.Throw<ArgumentException>(() => (PasswordSet)new string(surrogate, 32));

        exception.Message.ShouldContain($"unpaired UTF-16 surrogate at index {index}");
        exception.ParamName.ShouldBe("passwords");
    }

    [Test]
    public void A_lone_surrogate_anywhere_is_found_and_pairs_are_fine()
    {
        string good = new string('a', 30) + "\uD83D\uDE00" + "\uD83D\uDE00";
        string swapped = new string('a', 30) + "\uDE00\uD83D";
        string trailing = new string('a', 32) + "\uD83D";

        ((PasswordSet)good).SealingId.ShouldBe("1");
        Should.Throw<ArgumentException>(() => (PasswordSet)swapped).Message.ShouldContain("at index 30");
        Should.Throw<ArgumentException>(() => (PasswordSet)trailing).Message.ShouldContain("at index 32");
        ((PasswordSet)new string('\uFFFD', 32)).SealingId.ShouldBe("1");
    }
}
