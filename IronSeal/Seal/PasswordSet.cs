using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IronSeal;

/// <summary>
/// The passwords a seal may be made or opened with, each under an id. The numerically highest id seals; every
/// listed id unseals. This is how passwords are rotated without signing everybody out.
/// </summary>
/// <remarks>
/// <para>
/// A plain string converts to a set holding that password under id <c>"1"</c>, exactly as iron-session treats a
/// string password. To rotate, keep the old entry and add a higher id:
/// <c>new Dictionary&lt;string, string&gt; { ["2"] = newSecret, ["1"] = oldSecret }</c>. New seals then carry id
/// <c>2</c> while seals made with id <c>1</c> still open; drop id <c>1</c> once they have expired.
/// </para>
/// <para>
/// Rules, checked when the set is built: at least one password; every id matches <c>^\w+$</c> (ASCII letters,
/// digits, <c>_</c>); every password has at least 32 UTF-16 code units (<see cref="string.Length"/>, as JavaScript
/// counts) and is valid Unicode text (no unpaired surrogate, which UTF-8 would turn into U+FFFD). A set used for sealing must also have only integer ids (<c>"0"</c>, <c>"1"</c>, <c>"10"</c>): the
/// sealing id is chosen numerically. A set with an id such as <c>"default"</c> (which opens seals that carry no
/// id) can still unseal. Passwords are used as given: no trimming, no Unicode normalisation.
/// </para>
/// <para><see cref="ToString"/> lists ids only, never a secret.</para>
/// </remarks>
public sealed partial class PasswordSet
{
    /// <summary>The fewest UTF-16 code units a password may have.</summary>
    public const int MinimumPasswordLength = 32;

    private const int FromStringSlots = 8;
    private const string PurposePrefix = "ironseal-purpose:";
    private const int MaxCachedPurposes = 32; // purposes are an app's constants; past that, derive per call
    private const int MaxIntegerIdDigits = 15; // stays a safe integer in JavaScript, so Node picks the same id

    private static readonly FromStringEntry?[] s_fromString = new FromStringEntry?[FromStringSlots];

    private readonly Dictionary<string, PasswordEntry> _entries;
    private readonly Dictionary<string, PasswordEntry>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly PasswordEntry? _sealing;
    private readonly string? _sealingProblem;
    private readonly bool _fromString; // made from one string: opens seals with an empty id too (plain iron's rule)
    private readonly string? _chosenSealingId; // WithSealingId: seals with this id instead of the highest
    private PasswordEntry? _plainSealing; // made on first use; a race makes two equal entries, both correct
    private Dictionary<string, PasswordSet>? _purposes; // guarded by _entries (no lock object per set: sets are often built per call)

    private PasswordSet(Dictionary<string, PasswordEntry> entries, bool fromString, string? chosenSealingId = null)
    {
        _entries = entries;
        _fromString = fromString;
        _chosenSealingId = chosenSealingId;
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
        (_sealing, _sealingProblem) = chosenSealingId is null ? ChooseSealingEntry(_entries.Values) : (_entries[chosenSealingId], null);
    }

    /// <summary>The ids in this set, in no particular order.</summary>
    public IReadOnlyCollection<string> Ids => _entries.Keys;

    /// <summary>
    /// The id new seals carry: the numerically highest id (or the one chosen with <see cref="WithSealingId"/>), or
    /// <see langword="null"/> when an id is not an integer.
    /// </summary>
    public string? SealingId => _sealing?.Id;

    /// <summary>
    /// The same passwords, sealing with <paramref name="id"/> instead of the highest id. For a fleet that rotates without
    /// restarts: first give every instance the new password while still sealing with the old one, then switch sealing to
    /// the new one, then drop the old one. No instance then meets a seal it cannot open while the change rolls out.
    /// </summary>
    /// <param name="id">An id in this set.</param>
    /// <returns>A set that seals with <paramref name="id"/> and opens every id of this set.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not in the set.</exception>
    public PasswordSet WithSealingId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_entries.ContainsKey(id))
        {
            throw new ArgumentException(
                $"The sealing password id \"{id}\" is not in the set (ids: {string.Join(", ", _entries.Keys.Order(StringComparer.Ordinal))}). Seal with an id the set holds.",
                nameof(id));
        }

        return new PasswordSet(_entries, _fromString, id);
    }

    /// <summary>A set holding one password under id <c>"1"</c>, as iron-session treats a string password.</summary>
    /// <param name="password">At least 32 characters.</param>
    /// <exception cref="ArgumentException">The password is shorter than 32 characters.</exception>
    public static implicit operator PasswordSet(string password) => FromString(password);

    /// <summary>A set holding the dictionary's id → password pairs.</summary>
    /// <param name="passwords">Id → password.</param>
    /// <exception cref="ArgumentException">A rule of <see cref="PasswordSet"/> is broken.</exception>
    public static implicit operator PasswordSet(Dictionary<string, string> passwords) => FromDictionary(passwords);

    /// <summary>A set holding one password under id <c>"1"</c>.</summary>
    /// <param name="password">At least 32 characters.</param>
    /// <returns>The set.</returns>
    /// <remarks>
    /// The sets made from the last few distinct strings are kept and handed out again, so that
    /// <c>new SealOptions { Password = pw }</c> on every call costs a lookup, not a new set (sets are immutable).
    /// </remarks>
    public static PasswordSet FromString(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        int slot = string.GetHashCode(password) & (FromStringSlots - 1);
        FromStringEntry? entry = Volatile.Read(ref s_fromString[slot]);
        if (entry is not null && string.Equals(entry.Password, password, StringComparison.Ordinal))
        {
            return entry.Set;
        }

        var set = new PasswordSet(ValidatedEntries(new Dictionary<string, string> { ["1"] = password }), fromString: true);
        Volatile.Write(ref s_fromString[slot], new FromStringEntry(password, set));
        return set;
    }

    /// <summary>A set holding the dictionary's id → password pairs.</summary>
    /// <param name="passwords">Id → password.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">The set is empty, or an id or a password breaks a rule above.</exception>
    public static PasswordSet FromDictionary(Dictionary<string, string> passwords) => new(ValidatedEntries(passwords), fromString: false);

    /// <summary>
    /// Makes a strong password: 32 bytes from the system's cryptographic random generator, as 43 base64url
    /// characters (256 bits; safe in configuration files, environment variables and shells).
    /// </summary>
    /// <returns>A new password.</returns>
    public static string GeneratePassword() =>
        Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lists the ids and the sealing id; never a secret.</summary>
    /// <returns>For example <c>PasswordSet { ids: 1, 2; seals with: 2 }</c>.</returns>
    public override string ToString()
    {
        string ids = string.Join(", ", _entries.Keys.Order(StringComparer.Ordinal));
        return $"PasswordSet {{ ids: {ids}; seals with: {SealingId ?? "(none: an id is not an integer)"} }}";
    }

    /// <summary>
    /// The set whose passwords are derived for <paramref name="purpose"/> (see <see cref="SealOptions.Purpose"/>): same ids,
    /// each password <c>base64url(HMAC-SHA256(password, "ironseal-purpose:" + purpose))</c>. Made once per set and purpose.
    /// </summary>
    internal PasswordSet ForPurpose(string purpose)
    {
        lock (_entries)
        {
            _purposes ??= new Dictionary<string, PasswordSet>(StringComparer.Ordinal);
            if (!_purposes.TryGetValue(purpose, out PasswordSet? derived))
            {
                byte[] message = Encoding.UTF8.GetBytes(PurposePrefix + purpose);
                var entries = new Dictionary<string, PasswordEntry>(StringComparer.Ordinal);
                foreach ((string id, PasswordEntry entry) in _entries)
                {
                    string secret = Base64Url.EncodeToString(HMACSHA256.HashData(entry.SecretUtf8, message));
                    entries.Add(id, new PasswordEntry(id, secret));
                }

                derived = new PasswordSet(entries, _fromString, _chosenSealingId);
                if (_purposes.Count < MaxCachedPurposes)
                {
                    _purposes.Add(purpose, derived);
                }
            }

            return derived;
        }
    }

    internal PasswordEntry GetSealingEntry() =>
        _sealing ?? throw new ArgumentException(_sealingProblem, "options");

    /// <summary>
    /// The entry plain iron seals with: for a set made from one string, that password under an <b>empty</b> id, as
    /// @hapi/iron, iron-webcrypto and h3 write it (<c>Fe26.2**…</c>); for a set with ids, the sealing entry.
    /// </summary>
    internal PasswordEntry GetPlainSealingEntry()
    {
        PasswordEntry sealing = GetSealingEntry();
        return _fromString ? _plainSealing ??= new PasswordEntry(string.Empty, sealing.Secret) : sealing;
    }

    /// <summary>
    /// Finds a password by the id a seal carries. An empty id is looked up as <c>default</c>, as iron does with a set of
    /// passwords; a set made from one string (<see cref="FromString"/>) opens it with that string, as plain iron does
    /// with a string password (@hapi/iron, iron-webcrypto and h3 seal with an empty id).
    /// </summary>
    internal PasswordEntry? Find(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty)
        {
            return _fromString ? _sealing : _lookup.TryGetValue("default", out PasswordEntry? fallback) ? fallback : null;
        }

        return _lookup.TryGetValue(id, out PasswordEntry? entry) ? entry : null;
    }

    /// <summary>A set made from a string, kept for the next conversion of the same string.</summary>
    private sealed record FromStringEntry(string Password, PasswordSet Set);
}
