using System.Text.Json.Nodes;

namespace IronSeal.Tests.Robustness;

/// <summary>
/// 100 000 random mutations of valid seals per run (seeded, repeatable): flips, truncations, insertions, deletions,
/// field swaps and re-encodings. Each must end in a SealException with a reason that fits the mutation, or, for a
/// change confined to the text after '~', in the authentic data; never in another exception.
/// </summary>
[Category("Integration")] // 100,000 mutations: seconds of CPU, not a unit test
public sealed class MutationTests
{
    private const int Mutations = 100_000;
    private const string Alphabet = "ABCXYZabcxyz0189-_*~.=+/ %\"\0é";

    [Test]
    public void Random_mutations_end_in_SealException_or_in_the_authentic_data()
    {
        var random = new Random(7_777);
        var options = new SealOptions { Password = new Dictionary<string, string> { ["1"] = TestPasswords.One, ["2"] = TestPasswords.Two } };
        string[] seals = [.. Enumerable.Range(0, 16).Select(i => Iron.Seal(new { i, s = new string('x', i * 40) }, options))];
        var reasons = new Dictionary<SealError, int>();
        int opened = 0;

        for (int n = 0; n < Mutations; n++)
        {
            string original = seals[n % seals.Length];
            string mutated = Mutate(random, original, out string kind);
            try
            {
                JsonObject data = Iron.Unseal<JsonObject>(mutated, options);
                int marker = original.IndexOf('~', StringComparison.Ordinal);
                mutated.AsSpan(0, marker).SequenceEqual(original.AsSpan(0, marker)).ShouldBeTrue($"{kind} opened: {mutated}");
                (data.Count == 0 || data["i"]!.GetValue<int>() == n % seals.Length).ShouldBeTrue();
                opened++;
            }
            catch (SealException exception)
            {
                reasons[exception.Reason] = reasons.GetValueOrDefault(exception.Reason) + 1;
                if (kind == "hmac flip")
                {
                    exception.Reason.ShouldBe(SealError.BadMac);
                }
            }
        }

        TestContext.Out.WriteLine($"{Mutations} mutations: {opened} opened authentic data (changes after '~'), " +
            string.Join(", ", reasons.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}")));
        reasons.Keys.ShouldContain(SealError.BadMac);
        reasons.Keys.ShouldContain(SealError.Malformed);
    }

    private static string Mutate(Random random, string seal, out string kind)
    {
        char[] chars = seal.ToCharArray();
        string[] fields = seal.Split('*');
        switch (random.Next(8))
        {
            case 0:
                kind = "flip";
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
                return new string(chars);
            case 1:
                kind = "truncation";
                return seal[..random.Next(seal.Length)];
            case 2:
                kind = "insertion";
                return seal.Insert(random.Next(seal.Length + 1), Alphabet[random.Next(Alphabet.Length)].ToString());
            case 3:
                kind = "deletion";
                return seal.Remove(random.Next(seal.Length), 1);
            case 4:
                kind = "field swap";
                int a = random.Next(fields.Length), b = random.Next(fields.Length);
                (fields[a], fields[b]) = (fields[b], fields[a]);
                return string.Join('*', fields);
            case 5:
                kind = "re-encoding";
                int field = random.Next(2, 8);
                fields[field] = random.Next(3) switch
                {
                    0 => fields[field].ToUpperInvariant(),
                    1 => fields[field].Replace('-', '+').Replace('_', '/'),
                    _ => fields[field] + "=",
                };
                return string.Join('*', fields);
            case 6:
                kind = "hmac flip";
                char[] mac = fields[7].ToCharArray();
                int at = random.Next(Math.Min(43, mac.Length));
                mac[at] = mac[at] == 'A' ? 'B' : 'A';
                fields[7] = new string(mac);
                return string.Join('*', fields);
            default:
                kind = "duplication";
                int start = random.Next(seal.Length);
                return seal.Insert(start, seal.Substring(start, Math.Min(random.Next(1, 30), seal.Length - start)));
        }
    }
}
