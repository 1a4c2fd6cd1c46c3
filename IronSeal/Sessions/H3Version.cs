namespace IronSeal;

/// <summary>
/// Which h3 major version an <see cref="H3Session{T}"/> shares its cookie with. They differ on the wire, so both sides
/// must agree: a 1.x app cannot open what h3 2.x seals.
/// </summary>
public enum H3Version
{
    /// <summary>
    /// h3 1.x (1.15 is what Nuxt 3 and 4 run, and nuxt-auth-utils with them): the envelope <c>{ id, createdAt, data }</c>
    /// sealed by iron-webcrypto 1.x with iron's one PBKDF2 round, one cookie (never chunked), no <c>SameSite</c> by default,
    /// and a clear that writes an empty cookie without <c>Max-Age</c>.
    /// </summary>
    V1 = 1,

    /// <summary>
    /// h3 2.x (2.0.1 and later, Nitro 3): the same envelope plus <c>lastSeenAt</c> when an idle timeout is set, keys
    /// derived with 8192 PBKDF2 rounds (seals with one round are still read, and re-sealed), <c>SameSite=Lax</c> by default,
    /// sessions over 4000 characters split into <c>name=__chunked__N</c> and <c>name.1</c> … <c>name.N</c>, and a clear
    /// that writes <c>Max-Age=0</c>.
    /// </summary>
    V2 = 2,
}
