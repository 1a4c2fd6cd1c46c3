namespace IronSeal;

/// <summary>Why a seal did not open. Carried by <see cref="SealException.Reason"/>.</summary>
/// <remarks>
/// The reasons are listed in the order <see cref="Iron.Unseal{T}(string, SealOptions)"/> checks them, which is the
/// order of iron-webcrypto and @hapi/iron. Everything up to <see cref="BadMac"/> is decided from the seal's text
/// alone; everything after it happens only for a seal whose MAC was verified, so it came from a password holder.
/// </remarks>
public enum SealError
{
    /// <summary>Not a seal: wrong number of <c>*</c>-separated fields, too long, or a field that cannot be decoded.</summary>
    Malformed = 1,

    /// <summary>The first field is not <c>Fe26.2</c>.</summary>
    WrongPrefix,

    /// <summary>The expiration field is neither empty nor made of decimal digits.</summary>
    InvalidExpiration,

    /// <summary>The seal expired: its expiration lies 60 seconds (the allowed clock skew) or more in the past.</summary>
    Expired,

    /// <summary>The seal names a password id that the <see cref="PasswordSet"/> does not contain.</summary>
    UnknownPasswordId,

    /// <summary>The MAC does not match: the seal was changed, or it was made with another password.</summary>
    BadMac,

    /// <summary>The MAC matched but AES-256-CBC decryption failed (wrong IV size, bad padding).</summary>
    DecryptionFailed,

    /// <summary>The plaintext is not JSON, or not JSON that the requested type can be read from.</summary>
    InvalidJson,
}
