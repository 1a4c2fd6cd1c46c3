using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Tool;

/// <summary>
/// The <c>ironseal</c> tool, run as a process the way a support engineer runs it: arguments, standard input, the
/// environment, exit codes. Seals are made and checked with the library, so the tool is held to what a server does.
/// </summary>
[Category("Integration")] // runs the tool as a process
public sealed class ToolTests
{
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);

    private static string RotatedJson => new JsonObject { ["2"] = TestPasswords.Two, ["1"] = TestPasswords.One }.ToJsonString();

    /// <summary>A clock at the current time, whole seconds, so expected expirations are exact.</summary>
    private static FakeTimeProvider ClockAtNow() =>
        new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [Test]
    public void Inspect_prints_the_password_id_the_expiration_and_the_marker_of_a_seal_made_by_Iron_Seal()
    {
        FakeTimeProvider clock = ClockAtNow();
        string seal = Iron.Seal(new { userId = "42" }, new SealOptions { Password = TestPasswords.Rotated, Ttl = s_hour, TimeProvider = clock });

        (int exitCode, string output, string error) = ToolProcess.Run(["inspect", seal]);

        exitCode.ShouldBe(0, error);
        output.ShouldContain("prefix: Fe26.2\n");
        output.ShouldContain("password id: 2\n");
        output.ShouldContain($"expires: {Iso(clock.GetUtcNow() + s_hour)}\n");
        output.ShouldContain("expired: no\n");
        output.ShouldContain($"seal length: {seal.Length}\n");
        output.ShouldContain("marker: 2\n");
        output.ShouldContain("fields: 8\n");
    }

    [Test]
    public void Inspect_json_gives_the_sizes_and_no_expiration_for_a_seal_that_never_expires()
    {
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.One, Ttl = TimeSpan.Zero });

        (int exitCode, string output, string error) = ToolProcess.Run(["inspect", seal, "--json"]);

        exitCode.ShouldBe(0, error);
        JsonNode json = JsonNode.Parse(output)!;
        json["prefix"]!.GetValue<string>().ShouldBe("Fe26.2");
        json["passwordId"]!.GetValue<string>().ShouldBe("1");
        json["expiration"].ShouldBeNull();
        json["expirationField"]!.GetValue<string>().ShouldBe("");
        json["expired"]!.GetValue<bool>().ShouldBeFalse();
        json["sealLength"]!.GetValue<int>().ShouldBe(231); // {"a":1} with id 1, no expiration, "~2": the spec's example
        json["ciphertextBytes"]!.GetValue<int>().ShouldBe(16);
        json["marker"]!.GetValue<string>().ShouldBe("2");
        json["fieldCount"]!.GetValue<int>().ShouldBe(8);
    }

    [Test]
    public void Inspect_says_a_seal_past_its_expiration_and_the_clock_skew_is_expired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(1));
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.One, Ttl = s_hour, TimeProvider = clock });

        (int exitCode, string output, string error) = ToolProcess.Run(["inspect", seal]);

        exitCode.ShouldBe(0, error);
        output.ShouldContain("expired: yes (unseal refuses it: Expired)\n");
    }

    [TestCase("garbage", "1 '*'-separated field")]
    [TestCase("Fe26.2*1*abc*def", "4 '*'-separated fields")]
    [TestCase("Fe26.1*1*a*b*c*d*e*f~2", "starts with \"Fe26.1\"")]
    public void Inspect_of_a_text_that_is_not_a_seal_explains_why_and_exits_with_2(string text, string explanation)
    {
        (int exitCode, string output, string error) = ToolProcess.Run(["inspect", text]);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("Not an Fe26.2 seal");
        error.ShouldContain(explanation);
    }

    [Test]
    public void Inspect_takes_the_seal_out_of_a_Cookie_header_pasted_from_the_browser()
    {
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.Rotated });
        string header = $"  Cookie: theme=dark; app_session=\"{seal}\"; _ga=GA1.1.123  ";

        (int exitCode, string output, string error) = ToolProcess.Run(["inspect", header]);

        exitCode.ShouldBe(0, error);
        output.ShouldContain("password id: 2\n");
        output.ShouldContain($"seal length: {seal.Length}\n");
    }

    [Test]
    public void Inspect_reads_a_name_value_pair_from_standard_input_when_the_seal_is_a_dash()
    {
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.One });

        (int exitCode, string output, string error) = ToolProcess.Run(["inspect", "-", "--json"], input: $"app_session={seal}\n");

        exitCode.ShouldBe(0, error);
        JsonNode.Parse(output)!["sealLength"]!.GetValue<int>().ShouldBe(seal.Length);
    }

    [Test]
    public void Unseal_prints_the_json_of_a_seal_made_with_the_password_from_the_environment()
    {
        var data = new JsonObject { ["userId"] = "42", ["name"] = "Zoë 😀", ["roles"] = new JsonArray("admin", "dev"), ["n"] = 1.5 };
        string seal = Iron.Seal(data, new SealOptions { Password = TestPasswords.One });

        (int exitCode, string output, string error) = ToolProcess.Run(["unseal", seal], environment: new() { ["IRONSEAL_PASSWORD"] = TestPasswords.One });

        exitCode.ShouldBe(0, error);
        error.ShouldBeEmpty();
        JsonNode.DeepEquals(JsonNode.Parse(output), data).ShouldBeTrue(output);
        output.ShouldContain("Zoë"); // printed as text, not \u00eb (System.Text.Json's encoders still escape the emoji)
    }

    [Test]
    public void Unseal_with_the_wrong_password_is_refused_as_BadMac_with_exit_code_1()
    {
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.One });

        (int exitCode, string output, string error) = ToolProcess.Run(["unseal", seal], environment: new() { ["IRONSEAL_PASSWORD"] = TestPasswords.Two });

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        error.ShouldStartWith("refused: BadMac: ");
        error.ShouldNotContain(TestPasswords.Two);
    }

    [Test]
    public void A_purpose_bound_seal_opens_only_with_its_purpose_and_a_refusal_hints_at_it()
    {
        string seal = Iron.Seal(new { email = "ada@example.com" }, new SealOptions { Password = TestPasswords.One, Purpose = "magic-link" });
        var environment = new Dictionary<string, string> { ["IRONSEAL_PASSWORD"] = TestPasswords.One };

        (int plainExit, _, string plainError) = ToolProcess.Run(["unseal", seal], environment: environment);
        (int exitCode, string output, _) = ToolProcess.Run(["unseal", seal, "--purpose", "magic-link"], environment: environment);
        (int otherExit, _, string otherError) = ToolProcess.Run(["unseal", seal, "--purpose=password-reset"], environment: environment);

        plainExit.ShouldBe(1);
        plainError.ShouldContain("hint: a seal made for a purpose");
        exitCode.ShouldBe(0);
        JsonNode.Parse(output)!["email"]!.GetValue<string>().ShouldBe("ada@example.com");
        otherExit.ShouldBe(1);
        otherError.ShouldContain("opened for the purpose \"password-reset\"");
    }

    [Test]
    public void Seal_with_a_purpose_makes_a_seal_that_opens_for_that_purpose_only()
    {
        var environment = new Dictionary<string, string> { ["IRONSEAL_PASSWORD"] = TestPasswords.One };

        (int exitCode, string output, _) = ToolProcess.Run(["seal", "--purpose", "magic-link"], input: """{"n":1}""", environment: environment);

        exitCode.ShouldBe(0);
        string seal = output.Trim();
        Iron.Unseal<JsonObject>(seal, new SealOptions { Password = TestPasswords.One, Purpose = "magic-link" })["n"]!.GetValue<int>().ShouldBe(1);
        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, new SealOptions { Password = TestPasswords.One }));
        ToolProcess.Run(["seal", "--purpose="], input: "{}", environment: environment).ExitCode.ShouldBe(2);
    }

    [Test]
    public void Unseal_of_a_seal_made_a_day_ago_with_a_one_hour_ttl_is_refused_as_Expired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(1));
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.One, Ttl = s_hour, TimeProvider = clock });

        (int exitCode, string output, string error) = ToolProcess.Run(["unseal", seal], environment: new() { ["IRONSEAL_PASSWORD"] = TestPasswords.One });

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        error.ShouldStartWith("refused: Expired: ");
    }

    [Test]
    public void Unseal_of_a_text_that_is_not_a_seal_is_refused_as_Malformed()
    {
        (int exitCode, _, string error) = ToolProcess.Run(["unseal", "garbage"], environment: new() { ["IRONSEAL_PASSWORD"] = TestPasswords.One });

        exitCode.ShouldBe(1);
        error.ShouldStartWith("refused: Malformed: ");
    }

    [Test]
    public void Unseal_opens_a_seal_made_with_the_old_password_of_a_rotated_set_in_IRONSEAL_PASSWORDS()
    {
        string seal = Iron.Seal(new { userId = "7" }, new SealOptions { Password = TestPasswords.One });

        (int exitCode, string output, string error) = ToolProcess.Run(["unseal", seal], environment: new() { ["IRONSEAL_PASSWORDS"] = RotatedJson });

        exitCode.ShouldBe(0, error);
        JsonNode.Parse(output)!["userId"]!.GetValue<string>().ShouldBe("7");
    }

    [Test]
    public void Unseal_with_password_stdin_takes_the_first_line_as_the_password_and_the_rest_as_the_seal()
    {
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.Two });

        (int exitCode, string output, string error) = ToolProcess.Run(
            ["unseal", "-", "--password-stdin"],
            input: $"{TestPasswords.Two}\n{seal}\n",
            environment: new() { ["IRONSEAL_PASSWORD"] = TestPasswords.One }); // the flag wins over the environment

        exitCode.ShouldBe(0, error);
        JsonNode.Parse(output)!["a"]!.GetValue<int>().ShouldBe(1);
    }

    [TestCase("--password")]
    [TestCase("--password=")]
    public void A_password_on_the_command_line_is_refused_with_the_reason_and_never_echoed(string option)
    {
        string seal = Iron.Seal(new { a = 1 }, new SealOptions { Password = TestPasswords.One });
        string[] arguments = option.EndsWith('=') ? ["unseal", seal, option + TestPasswords.One] : ["unseal", seal, option, TestPasswords.One];

        (int exitCode, string output, string error) = ToolProcess.Run(arguments);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("shell history");
        error.ShouldContain("IRONSEAL_PASSWORD");
        error.ShouldNotContain(TestPasswords.One);
    }

    [Test]
    public void Unseal_without_a_password_says_where_to_put_one()
    {
        (int exitCode, _, string error) = ToolProcess.Run(["unseal", "Fe26.2*1*a*b*c*d*e*f"]);

        exitCode.ShouldBe(2);
        error.ShouldContain("No password.");
        error.ShouldContain("IRONSEAL_PASSWORDS");
    }

    [Test]
    public void A_password_id_given_twice_in_IRONSEAL_PASSWORDS_is_refused_with_the_id()
    {
        string json = $$"""{"1":"{{TestPasswords.One}}","1":"{{TestPasswords.Two}}"}""";

        (int exitCode, _, string error) = ToolProcess.Run(["unseal", "Fe26.2*1*a*b*c*d*e*f"], environment: new() { ["IRONSEAL_PASSWORDS"] = json });

        exitCode.ShouldBe(2);
        error.ShouldContain("the password id \"1\" appears twice");
    }

    [Test]
    public void Seal_then_unseal_through_the_tool_gives_back_the_json_and_ttl_0_writes_no_expiration()
    {
        const string Json = """{"user":{"id":42,"name":"Ada"},"admin":true}""";
        var environment = new Dictionary<string, string> { ["IRONSEAL_PASSWORDS"] = RotatedJson };

        (int sealExit, string seal, string sealError) = ToolProcess.Run(["seal", "--ttl", "0"], input: Json, environment: environment);
        (int unsealExit, string output, string unsealError) = ToolProcess.Run(["unseal", seal.Trim()], environment: environment);

        sealExit.ShouldBe(0, sealError);
        string[] fields = seal.Trim().Split('~')[0].Split('*');
        fields[1].ShouldBe("2");  // the highest id seals
        fields[5].ShouldBeEmpty(); // ttl 0: never expires
        unsealExit.ShouldBe(0, unsealError);
        JsonNode.DeepEquals(JsonNode.Parse(output), JsonNode.Parse(Json)).ShouldBeTrue(output);
    }

    [Test]
    public void Seal_writes_the_default_ttl_of_14_days_as_iron_session_does()
    {
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        (int exitCode, string seal, string error) = ToolProcess.Run(["seal"], input: "{}", environment: new() { ["IRONSEAL_PASSWORD"] = TestPasswords.One });

        exitCode.ShouldBe(0, error);
        long expiration = long.Parse(seal.Trim().Split('*')[5], CultureInfo.InvariantCulture);
        long after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        expiration.ShouldBeInRange(before + 1_209_600_000, after + 1_209_600_000);
    }

    [Test]
    public void Password_prints_43_base64url_characters()
    {
        (int exitCode, string output, string error) = ToolProcess.Run(["password"]);

        exitCode.ShouldBe(0, error);
        output.ShouldMatch("^[A-Za-z0-9_-]{43}\n$");
    }

    [TestCase(new[] { "--help" }, 0)]
    [TestCase(new[] { "unseal", "--help" }, 0)]
    [TestCase(new string[0], 2)]
    public void Help_prints_the_usage_and_no_arguments_is_a_usage_error(string[] arguments, int expectedExitCode)
    {
        (int exitCode, string output, string error) = ToolProcess.Run(arguments);

        exitCode.ShouldBe(expectedExitCode);
        (output + error).ShouldContain("ironseal inspect <seal> [--json]");
        (output + error).ShouldContain("IRONSEAL_PASSWORDS");
    }

    [Test]
    public void An_unknown_command_is_a_usage_error()
    {
        (int exitCode, _, string error) = ToolProcess.Run(["open", "x"]);

        exitCode.ShouldBe(2);
        error.ShouldContain("unknown command \"open\"");
    }
}
