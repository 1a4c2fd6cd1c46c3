namespace IronSeal;

/// <summary>The constants of the Fe26.2 format and of iron-session's wrapper around it.</summary>
internal static class SealFormat
{
    public const string Prefix = "Fe26.2";
    public const char FieldSeparator = '*';
    public const char VersionSeparator = '~';

    /// <summary>What iron-session 6–9 append to every seal: <c>~2</c>, outside the MAC.</summary>
    public const string Version2Suffix = "~2";

    public const int FieldCount = 8;
    public const int SaltBytes = 32;          // 256 random bits per salt
    public const int SaltHexChars = 64;
    public const int IvBytes = 16;
    public const int IvBase64Chars = 22;
    public const int KeyBytes = 32;           // AES-256 key and HMAC-SHA256 key
    public const int MacBytes = 32;
    public const int MacBase64Chars = 43;

    /// <summary>PBKDF2 rounds of iron's keys (iron-session, @hapi/iron, h3 1.x); not written in the seal.</summary>
    public const int IronIterations = KeyDerivation.IronIterations;


    /// <summary>
    /// Longer input is refused before any work: a real iron-session cookie is under 4 KB, and even chunked sessions
    /// stay under 16 KB.
    /// </summary>
    public const int MaxSealLength = 64 * 1024;
}
