using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Seal;

public sealed partial class SealTests
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    [GeneratedRegex(@"^Fe26\.2\*(?<id>\w+)\*(?<encSalt>[0-9a-f]{64})\*(?<iv>[A-Za-z0-9_-]{22})\*(?<cipher>[A-Za-z0-9_-]+)\*(?<exp>\d*)\*(?<macSalt>[0-9a-f]{64})\*(?<mac>[A-Za-z0-9_-]{43})~2$")]
    private static partial Regex SealShape();

    [Test]
    public void Seal_writes_eight_fields_lowercase_hex_salts_unpadded_base64url_and_the_v2_suffix()
    {
        var clock = new FakeTimeProvider(s_start);
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.One, TimeProvider = clock });

        Match match = SealShape().Match(seal);
        match.Success.ShouldBeTrue(seal);
        match.Groups["id"].Value.ShouldBe("1");
        match.Groups["exp"].Value.ShouldBe((1_700_000_000_000 + (14L * 86_400_000)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        match.Groups["encSalt"].Value.ShouldNotBe(match.Groups["macSalt"].Value);
    }

    [Test]
    public void Seal_length_follows_the_format_206_plus_id_plus_ciphertext_plus_expiration()
    {
        // {"a":1} is 7 bytes: one AES block, 22 base64url characters; ttl 0 leaves the expiration empty.
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.One, Ttl = TimeSpan.Zero });

        seal.Length.ShouldBe(206 + 1 + 22 + 0 + 2);
        seal.Split('*')[5].ShouldBeEmpty();
    }

    [Test]
    public void Seal_expiration_is_now_plus_ttl_in_milliseconds()
    {
        var clock = new FakeTimeProvider(s_start);
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.One, Ttl = TimeSpan.FromSeconds(90.5), TimeProvider = clock });

        seal.Split('*')[5].ShouldBe("1700000090500");
    }

    [Test]
    public void Two_seals_of_the_same_data_differ_because_salts_and_iv_are_random()
    {
        var options = new SealOptions { Password = TestPasswords.One };

        Iron.Seal(new { a = 1 }, options).ShouldNotBe(Iron.Seal(new { a = 1 }, options));
    }

    [Test]
    public void A_poco_round_trips_with_camelCase_json_by_default()
    {
        var options = new SealOptions { Password = TestPasswords.One };
        var session = new UserSession { UserId = "42", Role = "admin", IsLoggedIn = true, Cart = ["book", "pen"] };

        string seal = Iron.Seal(session, options);
        UserSession back = Iron.Unseal<UserSession>(seal, options);
        JsonObject raw = Iron.Unseal<JsonObject>(seal, options);

        back.UserId.ShouldBe("42");
        back.Role.ShouldBe("admin");
        back.IsLoggedIn.ShouldBeTrue();
        back.Cart.ShouldBe(["book", "pen"]);
        raw["userId"]!.GetValue<string>().ShouldBe("42");
    }

    [Test]
    public void Source_generated_type_info_round_trips()
    {
        var options = new SealOptions { Password = TestPasswords.One };

        string seal = Iron.Seal(new MagicLink("a@example.com", 3), TestJsonContext.Default.MagicLink, options);
        MagicLink back = Iron.Unseal(seal, TestJsonContext.Default.MagicLink, options);

        back.ShouldBe(new MagicLink("a@example.com", 3));
    }

    [Test]
    public async Task Async_twins_give_the_same_results()
    {
        var options = new SealOptions { Password = TestPasswords.One };

        string seal = await Iron.SealAsync(new MagicLink("b@example.com", 1), options);
        string sealSourceGen = await Iron.SealAsync(new MagicLink("c@example.com", 2), TestJsonContext.Default.MagicLink, options);

        (await Iron.UnsealAsync<MagicLink>(seal, options)).ShouldBe(new MagicLink("b@example.com", 1));
        (await Iron.UnsealAsync(sealSourceGen, TestJsonContext.Default.MagicLink, options)).ShouldBe(new MagicLink("c@example.com", 2));
    }

    [Test]
    public void Async_twins_observe_a_cancelled_token()
    {
        var options = new SealOptions { Password = TestPasswords.One };
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Should.Throw<OperationCanceledException>(async () => await Iron.SealAsync(1, options, cancelled.Token));
        Should.Throw<OperationCanceledException>(async () => await Iron.UnsealAsync<int>("x", options, cancelled.Token));
    }

    [Test]
    public void Unseal_returns_the_value_with_either_json_and_throws_a_seal_exception_for_a_cut_or_null_seal()
    {
        var options = new SealOptions { Password = TestPasswords.One };
        string seal = Iron.Seal(new MagicLink("d@example.com", 4), options);

        MagicLink link = Iron.Unseal<MagicLink>(seal, options);
        link.ShouldBe(new MagicLink("d@example.com", 4));
        Iron.Unseal(seal, TestJsonContext.Default.MagicLink, options).ShouldBe(link);
        Should.Throw<SealException>(() => Iron.Unseal<MagicLink>(seal[..^5], options)).Reason.ShouldBe(SealError.BadMac);
        Should.Throw<SealException>(() => Iron.Unseal<MagicLink>(null!, options)).Reason.ShouldBe(SealError.Malformed);
    }

    [Test]
    public void Rotation_seals_with_the_highest_id_and_opens_every_listed_id()
    {
        var oldOnly = new SealOptions { Password = TestPasswords.One };
        var rotated = new SealOptions { Password = new Dictionary<string, string> { ["2"] = TestPasswords.Two, ["1"] = TestPasswords.One } };

        string oldSeal = Iron.Seal(new { v = "old" }, oldOnly);
        string newSeal = Iron.Seal(new { v = "new" }, rotated);

        newSeal.Split('*')[1].ShouldBe("2");
        Iron.Unseal<JsonObject>(oldSeal, rotated)["v"]!.GetValue<string>().ShouldBe("old");
        Iron.Unseal<JsonObject>(newSeal, rotated)["v"]!.GetValue<string>().ShouldBe("new");
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(newSeal, oldOnly)).Reason.ShouldBe(SealError.UnknownPasswordId);
    }

    [Test]
    public void A_seal_holding_null_or_nothing_reads_as_an_empty_object()
    {
        var options = new SealOptions { Password = TestPasswords.One };

        Iron.Unseal<JsonObject>(Iron.Seal<object?>(null, options), options).Count.ShouldBe(0);
        Iron.Unseal<UserSession>(HandSeal.Encrypt(TestPasswords.One, []) + "~2", options).UserId.ShouldBeNull();
    }

    [Test]
    public void With_the_legacy_opt_in_a_seal_without_suffix_returns_its_persistent_member_as_iron_session_8_does()
    {
        var options = new SealOptions { Password = TestPasswords.One, LegacyPersistentLayout = true };
        string v1 = HandSeal.Encrypt(TestPasswords.One, """{"persistent":{"userId":"7"},"flash":{"m":1}}"""u8.ToArray());

        Iron.Unseal<UserSession>(v1, options).UserId.ShouldBe("7");
        Iron.Unseal<JsonObject>(v1 + "~3", options).ToJsonString().ShouldBe("""{"userId":"7"}""");
        Iron.Unseal<JsonObject>(v1 + "~2", options).ContainsKey("flash").ShouldBeTrue();
    }

    [Test]
    public void Text_after_the_version_marker_is_not_covered_by_the_mac_and_is_ignored()
    {
        var options = new SealOptions { Password = TestPasswords.One };
        string seal = Iron.Seal(new { a = 1 }, options);

        Iron.Unseal<JsonObject>(seal + "x~anything", options)["a"]!.GetValue<int>().ShouldBe(1);
    }
}
