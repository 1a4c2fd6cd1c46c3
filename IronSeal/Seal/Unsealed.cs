namespace IronSeal;

/// <summary>
/// A seal that opened: its data, its identity and its expiration. Returned by <see cref="Iron.Open{T}(string, SealOptions)"/>,
/// for callers that must refuse a token seen before (a magic link used once).
/// </summary>
/// <typeparam name="T">The data's type.</typeparam>
public sealed class Unsealed<T>
{
    private Unsealed(T data, string sealId, DateTimeOffset? expiresAt)
    {
        Data = data;
        SealId = sealId;
        ExpiresAt = expiresAt;
    }

    /// <summary>The data the seal holds.</summary>
    public T Data { get; }

    /// <summary>
    /// The seal's identity: 22 base64url characters, the same for every spelling of the same token (iron-session's
    /// <c>~2</c> and anything else after the <c>~</c> are outside the MAC, so a token has endless spellings) and different
    /// for every seal ever made (it is derived from the seal's MAC). Store it, not the token, to remember that a token was used.
    /// </summary>
    public string SealId { get; }

    /// <summary>When the seal expires (its own expiration field); <see langword="null"/> for a seal that never expires.</summary>
    /// <remarks>Keep a single-use record at least until this time plus <see cref="SealOptions.ClockSkew"/>.</remarks>
    public DateTimeOffset? ExpiresAt { get; }

    internal static Unsealed<T> Create(string seal, T data, long expiresAt) =>
        new(data, SealCodec.IdOf(seal), ToDateTime(expiresAt));

    /// <summary>Milliseconds since the epoch (0: never) as a time; values past year 9999 are clamped.</summary>
    internal static DateTimeOffset? ToDateTime(long expiresAt) =>
        expiresAt == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(expiresAt, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
}
