using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IronSeal;

/// <summary>Receives a seal as the ASCII bytes it was just written in (valid only during the call).</summary>
internal delegate TResult SealTextHandler<in TState, out TResult>(ReadOnlySpan<byte> ascii, TState state);

/// <summary>
/// The bottom rung: turns JSON bytes into a seal string and back. Everything above it (typed data, options,
/// exceptions) lives in <see cref="Iron"/>.
/// </summary>
internal static partial class SealCodec
{
    private const int StackLimit = 1024; // seal text plus ciphertext of sessions up to ~300 bytes of JSON

    /// <summary>
    /// Seals UTF-8 JSON with the set's sealing password; <paramref name="expiration"/> is ms since the epoch, or 0 for
    /// none. <paramref name="marker"/> appends iron-session's <c>~2</c>; without it the seal is plain iron.
    /// <paramref name="iterations"/> is the PBKDF2 round count (iron: 1; h3 2.x: 8192), not written in the seal.
    /// </summary>
    public static string Seal(ReadOnlySpan<byte> json, PasswordEntry password, long expiration, bool marker = true, int iterations = KeyDerivation.IronIterations) =>
        Seal(json, password, expiration, marker, iterations, state: 0, ToText);

    /// <summary>
    /// Seals with a set's sealing password as a session format names it: under its own id, or with
    /// <paramref name="plainId"/> as plain iron writes a single string password (an empty id; h3).
    /// </summary>
    public static TResult Seal<TState, TResult>(
        ReadOnlySpan<byte> json, PasswordSet passwords, bool plainId, long expiration, bool marker, int iterations, TState state, SealTextHandler<TState, TResult> finish) =>
        Seal(json, plainId ? passwords.GetPlainSealingEntry() : passwords.GetSealingEntry(), expiration, marker, iterations, state, finish);

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
}
