using System.Globalization;

namespace IronSeal;

// The checks every password and id passes, and the choice of the sealing id (the highest integer).
public sealed partial class PasswordSet
{
    /// <summary>The checked entries of a public constructor's pairs.</summary>
    private static Dictionary<string, PasswordEntry> ValidatedEntries(Dictionary<string, string> passwords)
    {
        ArgumentNullException.ThrowIfNull(passwords);
        var entries = new Dictionary<string, PasswordEntry>(StringComparer.Ordinal);
        foreach ((string id, string secret) in passwords)
        {
            ValidateId(id, nameof(passwords));
            ValidateSecret(id, secret, nameof(passwords));
            entries.Add(id, new PasswordEntry(id, secret)); // a dictionary's keys are distinct
        }

        if (entries.Count == 0)
        {
            throw new ArgumentException(
                "The password set is empty. Give at least one password of 32 characters or more, e.g. { [\"1\"] = secret }.",
                nameof(passwords));
        }

        return entries;
    }

    private static void ValidateId(string? id, string paramName)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("A password id is empty. Use a short id of letters, digits or '_', e.g. \"1\".", paramName);
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                throw new ArgumentException(
                    $"Password id \"{id}\" has the character '{c}'. Ids may use only ASCII letters, digits and '_' (iron's ^\\w+$); use integers such as \"1\", \"2\".",
                    paramName);
            }
        }
    }

    private static void ValidateSecret(string id, string? secret, string paramName)
    {
        if (secret is null || secret.Length < MinimumPasswordLength)
        {
            int length = secret?.Length ?? 0;
            throw new ArgumentException(
                $"The password with id \"{id}\" has {length} characters; it needs at least {MinimumPasswordLength}. " +
                "Generate a random one (e.g. 32 random bytes as base64) and keep it out of source control.",
                paramName);
        }

        int invalid = IndexOfUnpairedSurrogate(secret);
        if (invalid >= 0)
        {
            throw new ArgumentException(
                $"The password with id \"{id}\" has an unpaired UTF-16 surrogate at index {invalid}, so it is not valid Unicode text. " +
                "Key derivation reads it as UTF-8, where every such character becomes U+FFFD: different passwords would give the same keys. " +
                "Use a generated password (PasswordSet.GeneratePassword()).",
                paramName);
        }
    }

    private static int IndexOfUnpairedSurrogate(string text)
    {
        for (int i = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static (PasswordEntry? Sealing, string? Problem) ChooseSealingEntry(IEnumerable<PasswordEntry> entries)
    {
        PasswordEntry? best = null;
        long bestNumber = -1;
        foreach (PasswordEntry entry in entries)
        {
            if (!TryParseIntegerId(entry.Id, out long number))
            {
                return (null,
                    $"Password id \"{entry.Id}\" is not an integer, so this set cannot seal: the highest numeric id seals. " +
                    "Use ids such as \"1\", \"2\" (no leading zeros, at most 15 digits); keep other ids only in a set used for unsealing.");
            }

            if (number > bestNumber)
            {
                (best, bestNumber) = (entry, number);
            }
        }

        return (best, null);
    }

    private static bool TryParseIntegerId(string id, out long number)
    {
        number = 0;
        // NumberStyles.None takes ASCII digits only: no sign, no spaces.
        bool canonical = id.Length <= MaxIntegerIdDigits && (id == "0" || !id.StartsWith('0'));
        return canonical && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
