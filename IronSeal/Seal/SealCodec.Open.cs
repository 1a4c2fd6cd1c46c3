using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace IronSeal;

/// <summary>The opening half of the codec: a seal's fields, its MAC and its keys, then its plaintext.</summary>
internal static partial class SealCodec
{
    /// <summary>
    /// Opens a seal. On success <paramref name="plaintext"/> holds the decrypted bytes (a pooled array: give it back
    /// with <see cref="Plaintext.Dispose"/>). A seal whose expiration is <paramref name="skew"/> ms or more in the past
    /// is <see cref="SealError.Expired"/>. Never throws for any input text.
    /// </summary>
    public static SealError? TryOpen(ReadOnlySpan<char> seal, PasswordSet passwords, long now, long skew, out Plaintext plaintext) =>
        TryOpen(seal, passwords, now, skew, KeyDerivation.IronIterations, out plaintext);

    /// <summary>As above, with keys derived in <paramref name="iterations"/> PBKDF2 rounds (h3 2.x: 8192).</summary>
    public static SealError? TryOpen(ReadOnlySpan<char> seal, PasswordSet passwords, long now, long skew, int iterations, out Plaintext plaintext)
    {
        plaintext = default;
        if (seal.Length > SealFormat.MaxSealLength)
        {
            return SealError.Malformed;
        }

        // iron-session: the iron seal is everything before the first '~'; the text after it is the token version. It
        // is outside the MAC, so anyone can change it: it is reported (for the opt-in legacy layout) and selects nothing else.
        int tilde = seal.IndexOf(SealFormat.VersionSeparator);
        ReadOnlySpan<char> iron = tilde < 0 ? seal : seal[..tilde];
        bool version2 = tilde >= 0 && IsVersion2(seal[(tilde + 1)..]);

        Span<Range> fields = stackalloc Range[SealFormat.FieldCount + 1];
        if (iron.Split(fields, SealFormat.FieldSeparator) != SealFormat.FieldCount)
        {
            return SealError.Malformed;
        }

        if (!iron[fields[0]].SequenceEqual(SealFormat.Prefix))
        {
            return SealError.WrongPrefix;
        }

        ReadOnlySpan<char> expiration = iron[fields[5]];
        long expiresAt = 0;
        if (!expiration.IsEmpty)
        {
            if (!TryParseExpiration(expiration, out expiresAt))
            {
                return SealError.InvalidExpiration;
            }

            if (expiresAt <= now - skew)
            {
                return SealError.Expired;
            }
        }

        PasswordEntry? password = passwords.Find(iron[fields[1]]);
        if (password is null)
        {
            return SealError.UnknownPasswordId;
        }

        // A text this password opened before: its kept plaintext, now that the checks whose answer can change since have
        // passed (the expiration against the clock, the password id against the current set). The text fixes the rest.
        OpenedSealCache? opened = password.Secret.OpenedFor(iterations);
        if (opened is not null && opened.TryGet(iron, out byte[]? keptBytes, out int keptLength, out OpenedSealCache.Entry? hit))
        {
            plaintext = new Plaintext(keptBytes!, keptLength, version2, expiresAt, hit);
            return null;
        }

        // An empty salt would key the seal with PBKDF2(password, ""): no peer writes or accepts one.
        ReadOnlySpan<char> encSalt = iron[fields[2]];
        ReadOnlySpan<char> macSalt = iron[fields[6]];
        if (encSalt.IsEmpty || macSalt.IsEmpty)
        {
            return SealError.MissingSalt;
        }

        Span<byte> key = stackalloc byte[SealFormat.KeyBytes];
        try
        {
            // The MAC covers the exact text of fields 0–5 as UTF-8; it is checked before anything is decoded.
            ReadOnlySpan<char> macInput = iron[..fields[5].End.GetOffset(iron.Length)];
            SealError? macError = CheckMac(password, iterations, macSalt, macInput, iron[fields[7]], key);
            if (macError is not null)
            {
                return macError;
            }

            Span<byte> iv = stackalloc byte[SealFormat.IvBytes];
            if (!TryDecodeBase64Url(iron[fields[3]], iv, out int ivLength) || ivLength != SealFormat.IvBytes)
            {
                return SealError.DecryptionFailed;
            }

            ReadOnlySpan<char> cipherText = iron[fields[4]];
            byte[] cipher = ArrayPool<byte>.Shared.Rent(Math.Max(1, Base64Url.GetMaxDecodedLength(cipherText.Length)));
            try
            {
                if (!TryDecodeBase64Url(cipherText, cipher, out int cipherLength) || cipherLength == 0 || cipherLength % 16 != 0)
                {
                    return SealError.DecryptionFailed;
                }

                // The MAC verified: a password holder made this seal, so its second derivation is not gated.
                _ = TryDeriveKey(password, encSalt, key, iterations, gated: false);

                byte[] plain = ArrayPool<byte>.Shared.Rent(cipherLength);
                if (!AesCbc.TryDecrypt(key, iv, cipher.AsSpan(0, cipherLength), plain, out int plainLength))
                {
                    ArrayPool<byte>.Shared.Return(plain, clearArray: true);
                    return SealError.DecryptionFailed;
                }

                OpenedSealCache.Entry? kept = opened?.Add(iron, plain.AsSpan(0, plainLength), iterations != KeyDerivation.IronIterations);
                plaintext = new Plaintext(plain, plainLength, version2, expiresAt, kept);
                return null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(cipher, clearArray: true);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Derives the key of a salt of a seal being opened; false when <paramref name="gated"/> (the seal is not verified
    /// yet) and the strengthened derivations allowed at once are all running (<see cref="DerivationGate"/>): such a
    /// caller waits for no one and is refused.
    /// </summary>
    private static bool TryDeriveKey(PasswordEntry password, ReadOnlySpan<char> saltText, Span<byte> key, int iterations, bool gated)
    {
        // Many PBKDF2 rounds (h3 2.x) are what a flood of forged cookies would spend the cores on: bounded.
        gated &= iterations != KeyDerivation.IronIterations;
        if (gated && !DerivationGate.TryEnter())
        {
            return false;
        }

        try
        {
            // The salt is used as its UTF-8 text (iron derives from the hex string, not the decoded bytes).
            using var salt = new Utf8Text(saltText);
            KeyDerivation.DeriveKey(password, salt.Bytes, key, iterations);
            return true;
        }
        finally
        {
            if (gated)
            {
                DerivationGate.Exit();
            }
        }
    }

    /// <summary>
    /// Null when <paramref name="received"/> is the MAC of <paramref name="macInput"/> under the key of
    /// <paramref name="macSalt"/>, else why not. <paramref name="key"/> is scratch space.
    /// </summary>
    private static SealError? CheckMac(
        PasswordEntry password, int iterations, ReadOnlySpan<char> macSalt, ReadOnlySpan<char> macInput, ReadOnlySpan<char> received, Span<byte> key)
    {
        if (!TryDeriveKey(password, macSalt, key, iterations, gated: true))
        {
            return SealError.Busy;
        }

        Span<byte> mac = stackalloc byte[SealFormat.MacBytes];
        using (var input = new Utf8Text(macInput))
        {
            HMACSHA256.HashData(key, input.Bytes, mac);
        }

        // iron-webcrypto 1.x compares the base64url text, so a re-encoded (e.g. padded) MAC does not match either.
        Span<char> expected = stackalloc char[SealFormat.MacBase64Chars];
        Base64Url.EncodeToChars(mac, expected);
        if (received.Length != expected.Length
            || !CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(received)))
        {
            return SealError.BadMac;
        }

        return null;
    }

    /// <summary>The UTF-8 form of some text, in a pooled buffer (lone surrogates become U+FFFD, as TextEncoder does).</summary>
    /// <remarks>Used with <c>using</c> only, so disposed exactly once.</remarks>
    private readonly ref struct Utf8Text
    {
        private readonly byte[] _rented;

        public Utf8Text(ReadOnlySpan<char> text)
        {
            _rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            Bytes = _rented.AsSpan(0, Encoding.UTF8.GetBytes(text, _rented));
        }

        public ReadOnlySpan<byte> Bytes { get; }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_rented);
    }
}
