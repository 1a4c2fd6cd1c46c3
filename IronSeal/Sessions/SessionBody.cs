using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IronSeal;

/// <summary>
/// The typed half of a session, the same for every format: the data, the members of the cookie's JSON the type does not
/// model (written back by every save while the data is changed in place), and the refusal of a save in place when the
/// cookie's data did not fit the type.
/// </summary>
/// <typeparam name="T">The session data.</typeparam>
internal struct SessionBody<T>(JsonTypeInfo<T> typeInfo, T data, byte[]? kept = null, SessionWarning? doesNotFit = null)
    where T : class
{
    public readonly JsonTypeInfo<T> TypeInfo => typeInfo;

    public T Data { readonly get; private set; } = data;

    /// <summary>The data's JSON as read, when it holds members <typeparamref name="T"/> does not model.</summary>
    public byte[]? Kept { readonly get; private set; } = kept;

    /// <summary>Replaces the data whole: a fresh start, nothing kept from the cookie.</summary>
    public void Replace(T value, string signOut)
    {
        Data = value ?? throw new ArgumentNullException(nameof(value), $"Session data cannot be null; call {signOut}() to sign out.");
        Kept = null;
        doesNotFit = null;
    }

    /// <summary>Empty data (read from <c>{}</c>), nothing kept.</summary>
    public void Reset() => Replace(CreateEmpty(typeInfo), string.Empty);

    /// <exception cref="SessionDataDoesNotFitException">The cookie's data did not fit and the data was changed in place.</exception>
    public readonly void ThrowIfDoesNotFit()
    {
        if (doesNotFit is { } warning)
        {
            throw new SessionDataDoesNotFitException(warning.CookieName, warning.JsonPath, typeof(T));
        }
    }

    public static T CreateEmpty(JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize("{}"u8, typeInfo)
            ?? throw new InvalidOperationException($"{typeof(T).Name} cannot be read from {{}}; session data types need an empty state.");
}
