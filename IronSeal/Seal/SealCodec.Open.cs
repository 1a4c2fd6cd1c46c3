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

        if (TryOpenKept(iron, passwords, now, skew, iterations, version2, out plaintext))
        {
            return null;
        }

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

        // An empty salt would key the seal with PBKDF2(password, ""): no peer writes or accepts one.
        ReadOnlySpan<char> encSalt = iron[fields[2]];
        ReadOnlySpan<char> macSalt = iron[fields[6]];
        if (encSalt.IsEmpty || macSalt.IsEmpty)
        {
            return SealError.MissingSalt;
        }

        DerivedKeyCache? cache = password.Secret.KeysFor(iterations);

        Span<byte> key = stackalloc byte[SealFormat.KeyBytes];
        try
        {
            // The MAC covers the exact text of fields 0–5 as UTF-8; it is checked before anything is decoded.
            ReadOnlySpan<char> macInput = iron[..fields[5].End.GetOffset(iron.Length)];
            SealError? macError = CheckMac(password, cache, iterations, macSalt, macInput, iron[fields[7]], key);
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
                if (GetKey(password, cache, encSalt, key, iterations, gated: false) == KeySource.Derived)
                {
                    cache?.Add(encSalt, key);
                }

                byte[] plain = ArrayPool<byte>.Shared.Rent(cipherLength);
                if (!AesCbc.TryDecrypt(key, iv, cipher.AsSpan(0, cipherLength), plain, out int plainLength))
                {
                    ArrayPool<byte>.Shared.Return(plain, clearArray: true);
                    return SealError.DecryptionFailed;
                }

                OpenedSealCache.Entry? kept = cache?.Opened.Add(iron, plain.AsSpan(0, plainLength));
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
    /// Opens a text this password opened before from the kept plaintext (<see cref="OpenedSealCache"/>), after the checks
    /// whose answer can change since: the expiration against the clock, and the password id against the current set.
    /// Everything else the full parse would check is fixed by the text, which a hit finds whole. Reads only the fields
    /// it needs, from both ends (the MAC field picks the slot); false sends any other text, valid or not, to the full
    /// parse, which reports its error in the usual order.
    /// </summary>
    private static bool TryOpenKept(ReadOnlySpan<char> iron, PasswordSet passwords, long now, long skew, int iterations, bool version2, out Plaintext plaintext)
    {
        plaintext = default;
        if (!TryFindKeptFields(iron, out Range id, out Range expirationField))
        {
            return false;
        }

        ReadOnlySpan<char> expiration = iron[expirationField];
        long expiresAt = 0;
        if (!expiration.IsEmpty && (!TryParseExpiration(expiration, out expiresAt) || expiresAt <= now - skew))
        {
            return false;
        }

        DerivedKeyCache? cache = passwords.Find(iron[id])?.Secret.KeysFor(iterations);
        if (cache is null || !cache.Opened.TryGet(iron, out byte[]? opened, out int length, out OpenedSealCache.Entry? hit))
        {
            return false;
        }

        plaintext = new Plaintext(opened!, length, version2, expiresAt, hit);
        return true;
    }

    /// <summary>
    /// The password id (field 1) and expiration (field 5) of a text with eight fields, found from both ends: what
    /// <see cref="TryOpenKept"/> needs, without splitting the whole text. True for any text with at least five
    /// separators (the id is then between the first two, the expiration between the third- and second-last).
    /// </summary>
    internal static bool TryFindKeptFields(ReadOnlySpan<char> iron, out Range id, out Range expiration)
    {
        // Each search finds nothing (-1) when the one before it did: no separator, no field.
        int idStart = iron.IndexOf(SealFormat.FieldSeparator) + 1;
        int idLength = iron[idStart..].IndexOf(SealFormat.FieldSeparator);
        int saltSeparator = iron[..Math.Max(iron.LastIndexOf(SealFormat.FieldSeparator), 0)].LastIndexOf(SealFormat.FieldSeparator);
        int expirationSeparator = iron[..Math.Max(saltSeparator, 0)].LastIndexOf(SealFormat.FieldSeparator);
        if (expirationSeparator <= idStart + idLength)
        {
            (id, expiration) = (default, default);
            return false;
        }

        id = idStart..(idStart + idLength);
        expiration = (expirationSeparator + 1)..saltSeparator;
        return true;
    }

    /// <summary>Where <see cref="GetKey"/> found a salt's key.</summary>
    private enum KeySource
    {
        Cached,
        Derived,

        /// <summary>Not derived: the strengthened derivations allowed at once are all running (<see cref="DerivationGate"/>).</summary>
        Busy,
    }

    /// <summary>
    /// The key for a salt of a seal being opened: from the password's cache, or derived now. <paramref name="gated"/>:
    /// the seal is not verified yet, so a strengthened derivation waits for no one and is refused when the gate is full.
    /// </summary>
    private static KeySource GetKey(PasswordEntry password, DerivedKeyCache? cache, ReadOnlySpan<char> saltText, Span<byte> key, int iterations, bool gated)
    {
        if (cache is not null && cache.TryGet(saltText, key))
        {
            return KeySource.Cached;
        }

        // Many PBKDF2 rounds (h3 2.x) are what a flood of forged cookies would spend the cores on: bounded.
        gated &= iterations != KeyDerivation.IronIterations;
        if (gated && !DerivationGate.TryEnter())
        {
            return KeySource.Busy;
        }

        try
        {
            // The salt is used as its UTF-8 text (iron derives from the hex string, not the decoded bytes).
            using var salt = new Utf8Text(saltText);
            KeyDerivation.DeriveKey(password, salt.Bytes, key, iterations);
            return KeySource.Derived;
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
    /// <paramref name="macSalt"/> (from the cache or derived now), else why not. Only a MAC that matches lets the salt's
    /// key into the cache. <paramref name="key"/> is scratch space.
    /// </summary>
    private static SealError? CheckMac(
        PasswordEntry password, DerivedKeyCache? cache, int iterations, ReadOnlySpan<char> macSalt, ReadOnlySpan<char> macInput, ReadOnlySpan<char> received, Span<byte> key)
    {
        KeySource source = GetKey(password, cache, macSalt, key, iterations, gated: true);
        if (source == KeySource.Busy)
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

        // Genuine from here on: only now may its key enter the cache.
        if (source == KeySource.Derived)
        {
            cache?.Add(macSalt, key);
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
