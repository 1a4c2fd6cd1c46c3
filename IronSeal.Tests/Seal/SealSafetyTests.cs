using System.Text.Json.Nodes;
using IronSeal.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Seal;

/// <summary>
/// Issue 12's faults 2 and 3 and the options that close them: the <c>~2</c> marker selects nothing, seals carry a
/// purpose, a seal has one identity whatever its spelling, and expiry can be strict.
/// </summary>
public sealed class SealSafetyTests
{
    private static readonly SealOptions s_options = new() { Password = TestPasswords.One };

    public sealed record MagicLink(string Email);

    public sealed class GuestSession
    {
        public string? Email { get; set; }

        public int CartItems { get; set; }
    }

    [TestCase("")]
    [TestCase("~02")]
    [TestCase("~2x")]
    [TestCase("~ 2")]
    [TestCase("~3")]
    [TestCase("~")]
    public void Stripping_or_respelling_the_marker_opens_the_same_data_not_the_persistent_member(string suffix)
    {
        // Reproduces the review's attack: before, the seal without "~2" opened as {"userId":"1","isAdmin":true}.
        string document = """{"userId":"1001","isAdmin":false,"persistent":{"userId":"1","isAdmin":true}}""";
        string seal = Iron.Seal(JsonNode.Parse(document), s_options);
        string respelled = seal[..seal.IndexOf('~', StringComparison.Ordinal)] + suffix;

        JsonObject opened = Iron.Unseal<JsonObject>(respelled, s_options);

        opened.ToJsonString().ShouldBe(document);
        Iron.Open<JsonObject>(respelled, s_options).SealId.ShouldBe(Iron.Open<JsonObject>(seal, s_options).SealId);
    }

    [Test]
    public void The_seal_id_is_22_base64url_characters_and_differs_between_seals_of_the_same_data()
    {
        string first = Iron.Seal(new MagicLink("ada@example.com"), s_options);
        string second = Iron.Seal(new MagicLink("ada@example.com"), s_options);

        Unsealed<MagicLink> a = Iron.Open<MagicLink>(first, s_options);
        Unsealed<MagicLink> b = Iron.Open<MagicLink>(second, s_options);

        a.SealId.Length.ShouldBe(22);
        a.SealId.ShouldMatch("^[A-Za-z0-9_-]{22}$");
        a.SealId.ShouldNotBe(b.SealId);
        a.Data.ShouldBe(new MagicLink("ada@example.com"));
    }

    [Test]
    public void Open_reports_the_expiration_written_in_the_seal()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        SealOptions options = s_options with { TimeProvider = clock, Ttl = TimeSpan.FromMinutes(15) };

        Unsealed<MagicLink> opened = Iron.Open<MagicLink>(Iron.Seal(new MagicLink("a@b.c"), options), options);

        opened.ExpiresAt.ShouldBe(clock.GetUtcNow().AddMinutes(15));
        Iron.Open<MagicLink>(Iron.Seal(new MagicLink("a@b.c"), options with { Ttl = TimeSpan.Zero }), options).ExpiresAt.ShouldBeNull();
    }

    [Test]
    public void Open_refuses_garbage_with_its_reason_and_opens_a_seal_to_its_data()
    {
        string seal = Iron.Seal(new MagicLink("a@b.c"), s_options);

        Should.Throw<SealException>(() => Iron.Open<MagicLink>("Fe26.2*garbage", s_options)).Reason.ShouldBe(SealError.Malformed);
        Should.Throw<SealException>(() => Iron.Open<MagicLink>(null!, s_options)).Reason.ShouldBe(SealError.Malformed);
        Iron.Open<MagicLink>(seal, s_options).Data.ShouldBe(new MagicLink("a@b.c"));
    }

    [Test]
    public void A_guest_session_does_not_open_as_a_magic_link_and_a_magic_link_does_not_open_as_a_session()
    {
        // Reproduces fault 3 with one password: the guest typed the victim's address into the session.
        SealOptions session = s_options;
        SealOptions magicLink = s_options with { Purpose = "magic-link" };
        string guestCookie = Iron.Seal(new GuestSession { Email = "victim@example.com", CartItems = 1 }, session);
        string token = Iron.Seal(new MagicLink("ada@example.com"), magicLink);

        Should.Throw<SealException>(() => Iron.Unseal<MagicLink>(guestCookie, magicLink)).Reason.ShouldBe(SealError.BadMac);
        Should.Throw<SealException>(() => Iron.Unseal<GuestSession>(token, session)).Reason.ShouldBe(SealError.BadMac);
        Should.Throw<SealException>(() => Iron.Unseal<MagicLink>(token, s_options with { Purpose = "password-reset" })).Reason.ShouldBe(SealError.BadMac);
        Iron.Unseal<MagicLink>(token, magicLink).Email.ShouldBe("ada@example.com");
    }

    [Test]
    public void A_purpose_keeps_the_password_ids_and_rotation()
    {
        var rotated = new SealOptions { Password = TestPasswords.Rotated, Purpose = "magic-link" };
        string seal = Iron.Seal(new MagicLink("a@b.c"), rotated);

        seal.Split('*')[1].ShouldBe("2");
        Iron.Unseal<MagicLink>(seal, new SealOptions { Password = TestPasswords.Rotated, Purpose = "magic-link" }).Email.ShouldBe("a@b.c");
        Should.Throw<SealException>(() => Iron.Unseal<MagicLink>(seal, new SealOptions { Password = TestPasswords.Rotated })).Reason.ShouldBe(SealError.BadMac);
    }

    [Test]
    public void The_purpose_derivation_is_the_documented_hmac()
    {
        string derived = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(TestPasswords.One), System.Text.Encoding.UTF8.GetBytes("ironseal-purpose:magic-link")));
        string seal = Iron.Seal(new MagicLink("a@b.c"), s_options with { Purpose = "magic-link" });

        Iron.Unseal<MagicLink>(seal, new SealOptions { Password = derived }).Email.ShouldBe("a@b.c");
    }

    [Test]
    public void An_empty_purpose_or_a_negative_skew_is_refused_with_what_to_change()
    {
        Should.Throw<ArgumentException>(() => Iron.Seal(1, s_options with { Purpose = "" })).Message.ShouldContain("leave it null for plain seals");
        Should.Throw<ArgumentException>(() => Iron.Unseal<int>("x", s_options with { ClockSkew = TimeSpan.FromSeconds(-1) })).Message.ShouldContain("ClockSkew");
    }

    [Test]
    public void With_no_clock_skew_a_15_minute_link_dies_at_15_minutes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        SealOptions strict = s_options with { TimeProvider = clock, Ttl = TimeSpan.FromMinutes(15), ClockSkew = TimeSpan.Zero };
        SealOptions lenient = strict with { ClockSkew = SealOptions.DefaultClockSkew };
        string token = Iron.Seal(new MagicLink("a@b.c"), strict);

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromMilliseconds(1));
        Should.NotThrow(() => Iron.Unseal<MagicLink>(token, strict));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Should.Throw<SealException>(() => Iron.Unseal<MagicLink>(token, strict)).Reason.ShouldBe(SealError.Expired);
        Should.NotThrow(() => Iron.Unseal<MagicLink>(token, lenient));
        clock.Advance(TimeSpan.FromSeconds(60));
        Should.Throw<SealException>(() => Iron.Unseal<MagicLink>(token, lenient));
    }

    [Test]
    public void Without_the_iron_session_marker_a_seal_is_plain_iron_and_still_opens()
    {
        string plain = Iron.Seal(new MagicLink("a@b.c"), s_options with { IronSessionMarker = false });

        plain.ShouldNotContain("~");
        plain.Split('*').Length.ShouldBe(8);
        Iron.Unseal<MagicLink>(plain, s_options).Email.ShouldBe("a@b.c");
        HandSeal.Encrypt(TestPasswords.One, """{"email":"x"}"""u8.ToArray()).ShouldNotContain("~");
    }
}

/// <summary>Purpose-bound seals against the real iron-session, with the derivation docs/seal-format.md gives Node apps.</summary>
[Category("Node")]
public sealed class PurposeInteropTests
{
    [TestCase("v8")]
    [TestCase("v9")]
    public void A_purpose_seal_made_in_dotnet_opens_in_node_and_back(string lib)
    {
        var options = new SealOptions { Password = TestPasswords.Rotated, Purpose = "magic-link" };
        var node = new JsonObject { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two };
        string ours = Iron.Seal(new SealSafetyTests.MagicLink("ada@example.com"), options);

        JsonArray results = NodeHarness.RunBatch("iron.mjs", [
            new JsonObject { ["lib"] = lib, ["op"] = "unseal", ["seal"] = ours, ["password"] = node.DeepClone(), ["purpose"] = "magic-link" },
            new JsonObject { ["lib"] = lib, ["op"] = "unseal", ["seal"] = ours, ["password"] = node.DeepClone() },
            new JsonObject { ["lib"] = lib, ["op"] = "seal", ["data"] = new JsonObject { ["email"] = "alan@example.com" }, ["password"] = node.DeepClone(), ["purpose"] = "magic-link" },
        ]);

        results[0]!["value"]!["email"]!.GetValue<string>().ShouldBe("ada@example.com");
        // Without the purpose, iron-session 8 throws and 9 returns {}: the token is useless as plain data either way.
        (results[1]!["ok"]!.GetValue<bool>() ? results[1]!["value"]!.AsObject().Count : -1).ShouldBeLessThanOrEqualTo(0);
        string theirs = results[2]!["value"]!.GetValue<string>();
        Iron.Unseal<SealSafetyTests.MagicLink>(theirs, options).Email.ShouldBe("alan@example.com");
        Should.Throw<SealException>(() => Iron.Unseal<SealSafetyTests.MagicLink>(theirs, options with { Purpose = null }));
    }
}
