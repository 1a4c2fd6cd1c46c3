using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace IronSeal;

/// <summary>Receives a seal as the ASCII bytes it was just written in (valid only during the call).</summary>
internal delegate TResult SealTextHandler<in TState, out TResult>(ReadOnlySpan<byte> ascii, TState state);

/// <summary>
/// The bottom rung: turns JSON bytes into a seal string and back. Everything above it (typed data, options,
/// exceptions) lives in <see cref="Iron"/>.
/// </summary>
internal static class SealCodec
{
    private const int StackLimit = 1024; // seal text plus ciphertext of sessions up to ~300 bytes of JSON

    /// <summary>
    /// Seals UTF-8 JSON with the set's sealing password; <paramref name="expiration"/> is ms since the epoch, or 0 for
    /// none. <paramref name="marker"/> appends iron-session's <c>~2</c>; without it the seal is plain iron.
    /// <paramref name="iterations"/> is the PBKDF2 round count (iron: 1; h3 2.x: 8192), not written in the seal.
    /// </summary>
    public static string Seal(ReadOnlySpan<byte> json, PasswordEntry password, long expiration, bool marker = true, int iterations = KeyDerivation.IronIterations) =>
        Seal(json, password, expiration, marker, iterations, state: 0, ToText);

    /// <summary>What the seal's ASCII bytes become for callers that want the seal itself: a string.</summary>
    internal static readonly SealTextHandler<int, string> ToText = static (ascii, _) => Encoding.ASCII.GetString(ascii);

    /// <summary>
    /// As above, handing the seal to <paramref name="finish"/> as the ASCII bytes it was written in, so that a caller
    /// that writes it somewhere else (a cookie header) needs no string of the seal alone. Every seal draws its own two
    /// salts and IV and derives its own two keys, as @hapi/iron does: no two seals share a salt.
    /// </summary>
    public static TResult Seal<TState, TResult>(
        ReadOnlySpan<byte> json, PasswordEntry password, long expiration, bool marker, int iterations, TState state, SealTextHandler<TState, TResult> finish)
    {
        Span<byte> iv = stackalloc byte[SealFormat.IvBytes];
        RandomBytes.Fill(iv);

        int cipherLength = AesCbc.CipherLength(json.Length);
        int cipherChars = Base64Url.GetEncodedLength(cipherLength);
        int expirationDigits = expiration == 0 ? 0 : CountDigits(expiration);
        int baseLength = SealFormat.Prefix.Length + 1 + password.Id.Length + 1 + SealFormat.SaltHexChars + 1
            + SealFormat.IvBase64Chars + 1 + cipherChars + 1 + expirationDigits;
        int totalLength = baseLength + 1 + SealFormat.SaltHexChars + 1 + SealFormat.MacBase64Chars
            + (marker ? SealFormat.Version2Suffix.Length : 0);

        // One scratch buffer holds the seal text and the ciphertext: on the stack for ordinary sessions, pooled beyond.
        // The lengths are exact: the seal is written into exactly totalLength bytes, so a miscount cannot go unseen.
        int scratchLength = totalLength + cipherLength;
        byte[]? rented = null;
        // Stryker disable once all : stack or pool is a choice of memory, not of result
        Span<byte> scratch = scratchLength <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(scratchLength));
        Span<byte> text = scratch[..totalLength];
        Span<byte> cipher = scratch.Slice(totalLength, cipherLength);

        // This seal's salts (as hex text, which is what iron derives from) and its two keys.
        Span<byte> secrets = stackalloc byte[2 * (SealFormat.SaltHexChars + SealFormat.KeyBytes)];
        try
        {
            Span<byte> encSalt = secrets[..SealFormat.SaltHexChars];
            Span<byte> macSalt = secrets.Slice(SealFormat.SaltHexChars, SealFormat.SaltHexChars);
            Span<byte> encKey = secrets.Slice(2 * SealFormat.SaltHexChars, SealFormat.KeyBytes);
            Span<byte> macKey = secrets[(2 * SealFormat.SaltHexChars + SealFormat.KeyBytes)..];
            NewSalt(encSalt);
            NewSalt(macSalt);
            KeyDerivation.DeriveKey(password, encSalt, encKey, iterations);
            KeyDerivation.DeriveKey(password, macSalt, macKey, iterations);

            var writer = new AsciiWriter(text);
            writer.Write(SealFormat.Prefix);
            writer.Write(SealFormat.FieldSeparator);
            writer.Write(password.Id);
            writer.Write(SealFormat.FieldSeparator);
            writer.Write(encSalt);
            writer.Write(SealFormat.FieldSeparator);
            writer.WriteBase64Url(iv);
            writer.Write(SealFormat.FieldSeparator);

            int written = AesCbc.Encrypt(encKey, iv, json, cipher);
            writer.WriteBase64Url(cipher[..written]);

            writer.Write(SealFormat.FieldSeparator);
            if (expiration != 0)
            {
                writer.WriteDecimal(expiration);
            }

            ReadOnlySpan<byte> macInput = text[..writer.Position];
            writer.Write(SealFormat.FieldSeparator);
            writer.Write(macSalt);
            writer.Write(SealFormat.FieldSeparator);

            Span<byte> mac = stackalloc byte[SealFormat.MacBytes];
            HMACSHA256.HashData(macKey, macInput, mac);
            writer.WriteBase64Url(mac);
            if (marker)
            {
                writer.Write(SealFormat.Version2Suffix);
            }

            return finish(text, state);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
            CryptographicOperations.ZeroMemory(cipher);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>A new random salt of <see cref="SealFormat.SaltBytes"/> bytes, written as the lowercase hex text a seal carries.</summary>
    private static void NewSalt(Span<byte> hex)
    {
        Span<byte> random = stackalloc byte[SealFormat.SaltBytes];
        RandomBytes.Fill(random);
        Convert.TryToHexStringLower(random, hex, out _);
    }

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

    /// <summary>
    /// The seal's identity: the same for every spelling of the same token (whatever follows its <c>~</c>), different
    /// for every seal. The first 16 bytes of SHA-256 over the MAC field, as 22 base64url characters. Call it only on a
    /// seal that opened (its MAC field is then the canonical 43 characters).
    /// </summary>
    public static string IdOf(ReadOnlySpan<char> seal)
    {
        int tilde = seal.IndexOf(SealFormat.VersionSeparator);
        ReadOnlySpan<char> iron = tilde < 0 ? seal : seal[..tilde];
        ReadOnlySpan<char> mac = iron[(iron.LastIndexOf(SealFormat.FieldSeparator) + 1)..];
        Span<byte> ascii = stackalloc byte[SealFormat.MacBase64Chars];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        int length = Encoding.ASCII.GetBytes(mac[..Math.Min(mac.Length, SealFormat.MacBase64Chars)], ascii);
        SHA256.HashData(ascii[..length], hash);
        return Base64Url.EncodeToString(hash[..16]);
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

    /// <summary>Strict base64url: the URL-safe alphabet, optionally followed by up to two '=' (iron-webcrypto accepts them).</summary>
    private static bool TryDecodeBase64Url(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        ReadOnlySpan<char> body = text.TrimEnd('=');
        // The BCL decoder throws (rather than returning false) for 4k + 1 characters and for a destination too small.
        if (text.Length - body.Length > 2 || body.ContainsAnyExcept(s_base64UrlAlphabet) || body.Length % 4 == 1
            || Base64Url.GetMaxDecodedLength(body.Length) > destination.Length)
        {
            return false;
        }

        return Base64Url.TryDecodeFromChars(body, destination, out written);
    }

    private static readonly SearchValues<char> s_base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>JavaScript <c>parseInt(text, 10) === 2</c>, the test iron-session 8 applies to the token version.</summary>
    /// <remarks>
    /// parseInt reads optional whitespace, an optional sign and then digits up to the first other character (a
    /// further <c>~</c> included), so the number is 2 when, after leading zeros, a '2' comes and no digit follows it.
    /// </remarks>
    internal static bool IsVersion2(ReadOnlySpan<char> afterTilde)
    {
        ReadOnlySpan<char> text = TrimJavaScriptWhitespace(afterTilde);
        if (text.StartsWith('+'))
        {
            text = text[1..];
        }

        text = text.TrimStart('0');
        return text.StartsWith('2') && (text.Length == 1 || !char.IsAsciiDigit(text[1]));
    }

    private static ReadOnlySpan<char> TrimJavaScriptWhitespace(ReadOnlySpan<char> text)
    {
        int start = 0;
        while (start < text.Length && IsJavaScriptWhitespace(text[start]))
        {
            start++;
        }

        return text[start..];
    }

    // ECMAScript WhiteSpace and LineTerminator, which parseInt skips.
    private static bool IsJavaScriptWhitespace(char c) =>
        c is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F'
            or '\u205F' or '\u3000' or '\uFEFF' || (c >= '\u2000' && c <= '\u200A');

    /// <summary>Digits only; a value too large for Int64 is a far-future expiration, as it is for JavaScript.</summary>
    private static bool TryParseExpiration(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = long.MaxValue;
        }

        return true;
    }

    private static int CountDigits(long value)
    {
        int digits = 1;
        while ((value /= 10) != 0)
        {
            digits++;
        }

        return digits;
    }

    /// <summary>Writes ASCII into a byte span, tracking the position.</summary>
    private ref struct AsciiWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; private set; }

        public void Write(char c) => _buffer[Position++] = (byte)c;

        public void Write(string text)
        {
            foreach (char c in text)
            {
                _buffer[Position++] = (byte)c;
            }
        }

        public void Write(scoped ReadOnlySpan<byte> ascii)
        {
            ascii.CopyTo(_buffer[Position..]);
            Position += ascii.Length;
        }

        public void WriteBase64Url(ReadOnlySpan<byte> bytes) => Position += Base64Url.EncodeToUtf8(bytes, _buffer[Position..]);

        public void WriteDecimal(long value)
        {
            value.TryFormat(_buffer[Position..], out int written, default, CultureInfo.InvariantCulture);
            Position += written;
        }
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
