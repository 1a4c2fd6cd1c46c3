using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace IronSeal.Tests.Robustness;

/// <summary>
/// Exhaustive: every single-character substitution at every position of a valid seal, and every truncation, is
/// rejected, except changes after the <c>~</c> version marker, which the MAC does not cover and which can only switch
/// how the (authentic) data is read. (Replacing the marker itself lengthens the MAC field, so it is rejected.)
/// </summary>
public sealed class TamperProofTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    // Every printable ASCII character plus a few that often break parsers.
    private static readonly char[] s_substitutes = [.. Enumerable.Range(0x20, 0x5F).Select(c => (char)c), '\0', '\t', '\n', 'é', '\u2028', '\uFFFD'];

    private static (string Seal, SealOptions Options) ValidSeal()
    {
        var options = new SealOptions
        {
            Password = new Dictionary<string, string> { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two },
            TimeProvider = new FakeTimeProvider(s_now),
        };
        return (Iron.Seal(new { user = "ada", n = 7 }, options), options);
    }

    [Test]
    public void Every_substitution_before_the_version_marker_is_rejected()
    {
        (string seal, SealOptions options) = ValidSeal();
        int marker = seal.IndexOf('~', StringComparison.Ordinal);
        int checkedCount = 0;

        for (int position = 0; position < marker; position++)
        {
            foreach (char substitute in s_substitutes)
            {
                if (substitute == seal[position])
                {
                    continue;
                }

                string tampered = string.Concat(seal.AsSpan(0, position), [substitute], seal.AsSpan(position + 1));
                Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(tampered, options), $"position {position}, '{substitute}'");
                checkedCount++;
            }
        }

        checkedCount.ShouldBeGreaterThan(20_000);
    }

    [Test]
    public void Substitutions_after_the_version_marker_only_change_how_authentic_data_is_read()
    {
        (string seal, SealOptions options) = ValidSeal();
        int marker = seal.IndexOf('~', StringComparison.Ordinal);

        foreach (char substitute in s_substitutes.Where(c => c != '~'))
        {
            // Replacing the marker appends the version to the MAC field: rejected like any MAC change.
            string tampered = string.Concat(seal.AsSpan(0, marker), [substitute], seal.AsSpan(marker + 1));
            Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(tampered, options), $"marker replaced by '{substitute}'");
        }

        for (int position = marker + 1; position < seal.Length; position++)
        {
            foreach (char substitute in s_substitutes)
            {
                string tampered = string.Concat(seal.AsSpan(0, position), [substitute], seal.AsSpan(position + 1));
                // The marker is outside the MAC and selects nothing: every spelling opens to the same data.
                JsonObject opened = Iron.Unseal<JsonObject>(tampered, options);
                opened["user"]!.GetValue<string>().ShouldBe("ada", $"position {position}, '{substitute}'");
            }
        }
    }

    [Test]
    public void Every_truncation_is_rejected_except_of_the_version_marker()
    {
        (string seal, SealOptions options) = ValidSeal();
        int marker = seal.IndexOf('~', StringComparison.Ordinal);

        for (int length = 0; length < seal.Length; length++)
        {
            string truncated = seal[..length];
            if (length < marker)
            {
                Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(truncated, options), $"length {length}");
            }
            else
            {
                // The whole iron seal without its version (or with an empty one): the same data, the marker selects nothing.
                Iron.Unseal<JsonObject>(truncated, options)["user"]!.GetValue<string>().ShouldBe("ada");
            }
        }
    }
}
