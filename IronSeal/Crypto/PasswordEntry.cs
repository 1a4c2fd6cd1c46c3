using System.Security.Cryptography;

namespace IronSeal;

/// <summary>
/// One password of a <see cref="PasswordSet"/>: the id seals carry, and the per-password crypto state
/// (<see cref="PasswordSecret"/>) shared with every other set that holds the same password.
/// </summary>
internal sealed class PasswordEntry(string id, PasswordSecret secret)
{
    public PasswordEntry(string id, string secret)
        : this(id, PasswordSecret.For(secret))
    {
    }

    public string Id { get; } = id;

    /// <summary>The shared state: the password's UTF-8 bytes, its per-thread keyed HMAC and its opened-seal cache.</summary>
    public PasswordSecret Secret { get; } = secret;

    /// <summary>The password as PBKDF2 reads it (UTF-8).</summary>
    public ReadOnlySpan<byte> SecretUtf8 => Secret.Utf8;

    /// <summary>This thread's HMAC-SHA1 keyed with the password; reset after every use.</summary>
    public IncrementalHash Hmac => Secret.Hmac;

    public override string ToString() => $"PasswordEntry {{ id: {Id} }}";
}
