using System.Security.Cryptography;
using System.Text;

namespace IronSeal;

/// <summary>
/// One thread's HMAC-SHA256 objects already keyed for the integrity salts of seals it has verified, for one password and
/// round count: the first open of a seal whose salt is known costs one MAC on a keyed HMAC instead of keying a new one.
/// </summary>
/// <remarks>
/// <para>
/// Why: keying an HMAC through OpenSSL is most of a MAC's cost. A one-shot <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>
/// over a small seal took 2.3 µs against 1.0 µs on an HMAC already keyed. Since a thread reuses its sealing salts
/// (<see cref="SealingKeys"/>), the seals a browser sends back after each save share a handful of integrity salts, so
/// a new cookie usually meets a salt this table holds. A salt is keyed on its second verified seal, not its first:
/// with <see cref="SealingKeys.FreshSaltPerSealSwitch"/> every salt is seen once, and keying an HMAC for it would cost
/// more than the one-shot.
/// </para>
/// <para>
/// The table is direct-mapped (<see cref="Capacity"/> slots, the salt's randomized hash picks one) and per thread, so
/// it takes no lock and each HMAC object is used by one thread only. Only salts of seals whose MAC was verified are
/// added (<see cref="Add"/>), so a forged cookie cannot evict a genuine salt. An evicted HMAC is disposed at once,
/// which frees its keyed native state.
/// </para>
/// </remarks>
internal sealed class IntegrityMacs
{
    /// <summary>Slots per thread: a fleet seals with one salt pair per thread per second, so this covers a few seconds of a small fleet.</summary>
    public const int Capacity = 16;

    private readonly SlotTable<Entry> _slots = new(Capacity);

    /// <summary>How many slots hold a salt (for tests).</summary>
    public int Count => _slots.Count;

    /// <summary>
    /// The entry for <paramref name="salt"/> when this thread verified a seal with it before, or null: its
    /// <see cref="Entry.Hmac"/> is keyed for the salt, or null while the salt is only noted (keying one is worth it from
    /// the salt's second seal on).
    /// </summary>
    public Entry? Find(ReadOnlySpan<char> salt) =>
        _slots.Read(salt) is { } entry && entry.Salt.AsSpan().SequenceEqual(salt) ? entry : null;

    /// <summary>
    /// Keeps <paramref name="salt"/>, which a verified MAC vouches for, with <paramref name="hmac"/> keyed for it or
    /// with none (noted only), taking the HMAC over: it is disposed when evicted. A salt that is not short ASCII is not
    /// kept (its HMAC is disposed now).
    /// </summary>
    public void Add(ReadOnlySpan<char> salt, IncrementalHash? hmac)
    {
        if (salt.Length > byte.MaxValue || !Ascii.IsValid(salt))
        {
            hmac?.Dispose();
            return;
        }

        _slots.Swap(salt, new Entry(salt.ToString(), hmac))?.Hmac?.Dispose();
    }

    /// <summary>A verified salt, with the HMAC keyed for it once the salt met its second seal.</summary>
    public sealed record Entry(string Salt, IncrementalHash? Hmac);
}
