using System.Text.Json;

namespace IronSeal;

/// <summary>
/// Thrown by <see cref="Iron.Unseal{T}(string, SealOptions)"/> and its overloads when a seal does not open.
/// Every failure to open a seal is reported with this type, whatever the input; <see cref="Reason"/> says why.
/// </summary>
/// <remarks>
/// The reason is meant for logs and for the caller's decisions (an expired magic link may deserve a different page
/// than a forged one). Do not echo it to the party that sent the seal: that party learns nothing useful from it,
/// and a uniform answer is the safer habit.
/// </remarks>
public sealed class SealException : Exception
{
    /// <summary>Creates an exception for a seal that did not open.</summary>
    /// <param name="reason">Why the seal did not open.</param>
    /// <param name="message">A sentence for the log.</param>
    /// <param name="innerException">The exception that caused it, if any (for example a JSON error).</param>
    public SealException(SealError reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Creates an exception with <see cref="SealError.Malformed"/> as the reason.</summary>
    public SealException()
        : this(SealError.Malformed, "The seal could not be opened.")
    {
    }

    /// <summary>Creates an exception with <see cref="SealError.Malformed"/> as the reason.</summary>
    /// <param name="message">A sentence for the log.</param>
    public SealException(string message)
        : this(SealError.Malformed, message)
    {
    }

    /// <summary>Creates an exception with <see cref="SealError.Malformed"/> as the reason.</summary>
    /// <param name="message">A sentence for the log.</param>
    /// <param name="innerException">The exception that caused it.</param>
    public SealException(string message, Exception innerException)
        : this(SealError.Malformed, message, innerException)
    {
    }

    /// <summary>Why the seal did not open.</summary>
    public SealError Reason { get; }

    /// <summary>The exception for a failure: the detailed one when there is one, else one that describes the reason.</summary>
    internal static SealException For(SealError reason, SealException? detail) =>
        detail ?? new SealException(reason, DescribeReason(reason));

    /// <summary>The <see cref="SealError.InvalidJson"/> of a seal whose plaintext is not JSON that <paramref name="type"/> reads.</summary>
    internal static SealException ForJson(Type type, JsonException error) =>
        new(SealError.InvalidJson, $"{DescribeReason(SealError.InvalidJson)} ({type.Name}: {error.Message})", error);

    internal static string DescribeReason(SealError reason) => reason switch
    {
        SealError.Malformed => "The text is not a well-formed Fe26.2 seal.",
        SealError.WrongPrefix => "The seal does not start with the Fe26.2 prefix.",
        SealError.InvalidExpiration => "The seal's expiration field is not a number.",
        SealError.Expired => "The seal has expired.",
        SealError.UnknownPasswordId => "The seal was made with a password id that is not in the password set.",
        SealError.MissingSalt => "The seal has an empty salt field; no iron implementation writes or opens one.",
        SealError.Busy => "The seal was not checked: the process was already deriving as many strengthened (h3 2.x) keys as it allows at once.",
        SealError.BadMac => "The seal's MAC does not match: it was changed, it was made with another password, or it was made for another purpose (SealOptions.Purpose must be the same on both sides).",
        SealError.DecryptionFailed => "The seal's MAC matched but its ciphertext could not be decrypted.",
        SealError.InvalidJson => "The seal opened but its content could not be read as JSON of the requested type.",
        _ => "The seal could not be opened.",
    };
}
