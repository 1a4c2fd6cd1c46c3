namespace IronSeal.Tool;

/// <summary>
/// Where a seal's expiration stands against the clock, in the terms an unseal will use. The 60-second grace is
/// iron's <c>timestampSkewSec</c>: a seal opens until 60 s after its expiration, so "past the expiration" and
/// "refused as expired" are different answers for one minute, and support people need to see which one applies.
/// </summary>
internal enum Expiry
{
    /// <summary>The expiration field is empty: the seal never expires (ttl 0).</summary>
    Never,

    /// <summary>The expiration lies ahead.</summary>
    Valid,

    /// <summary>The expiration has passed, but by less than the 60 s clock skew: unseal still accepts it.</summary>
    WithinClockSkew,

    /// <summary>The expiration passed 60 s or more ago: unseal refuses it with <see cref="SealError.Expired"/>.</summary>
    Expired,

    /// <summary>The field is not decimal digits: unseal refuses it with <see cref="SealError.InvalidExpiration"/>.</summary>
    Invalid,
}
