namespace IronSeal;

/// <summary>Why a seal did not open. Carried by <see cref="SealException.Reason"/>.</summary>
/// <remarks>
/// The reasons are listed in the order <see cref="Iron.Unseal{T}(string, SealOptions)"/> checks them, which is the
/// order of iron-webcrypto and @hapi/iron. Everything up to <see cref="BadMac"/> is decided from the seal's text
/// alone (<see cref="Busy"/> says the check was not made); everything after it happens only for a seal whose MAC was verified, so it came from a password holder.
/// </remarks>
public enum SealError
{
    /// <summary>Not a seal: wrong number of <c>*</c>-separated fields, too long, or a field that cannot be decoded.</summary>
    Malformed = 1,

    /// <summary>The first field is not <c>Fe26.2</c>.</summary>
    WrongPrefix = 2,

    /// <summary>The expiration field is neither empty nor made of decimal digits.</summary>
    InvalidExpiration = 3,

    /// <summary>The seal expired: its expiration lies 60 seconds (the allowed clock skew) or more in the past.</summary>
    Expired = 4,

    /// <summary>The seal names a password id that the <see cref="PasswordSet"/> does not contain.</summary>
    UnknownPasswordId = 5,

    /// <summary>
    /// A salt field is empty. No iron implementation writes one, and none opens one (@hapi/iron draws a random salt
    /// for an empty field, so the MAC cannot match); such a seal is refused before any key is derived.
    /// </summary>
    MissingSalt = 9,

    /// <summary>
    /// The seal was not checked because the process was already deriving as many strengthened keys (h3 2.x's 8192
    /// PBKDF2 rounds) as it allows at once: a flood of cookies that each need a full derivation must not take every
    /// core. Only an h3 2.x session can see it; its request gets an empty session, and a later request with the same
    /// cookie opens it.
    /// </summary>
    Busy = 10,

    /// <summary>The MAC does not match: the seal was changed, or it was made with another password.</summary>
    BadMac = 6,

    /// <summary>The MAC matched but AES-256-CBC decryption failed (wrong IV size, bad padding).</summary>
    DecryptionFailed = 7,

    /// <summary>The plaintext is not JSON, or not JSON that the requested type can be read from.</summary>
    InvalidJson = 8,
}
