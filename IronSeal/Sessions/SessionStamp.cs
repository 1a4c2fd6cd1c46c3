using System.Buffers.Binary;
using System.Collections;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace IronSeal;

/// <summary>
/// What an iron-session session keeps about itself inside the sealed JSON, beside the app's data: its id
/// (<see cref="IronSession{T}.SessionId"/>), its first-issue time (<see cref="IronSession{T}.IssuedAt"/>, which
/// <see cref="IronSessionOptions.AbsoluteLifetime"/> counts from), an end of its own (<see cref="IronSession{T}.EndsAt"/>)
/// and whether its cookie is a browser-session one. Top-level members named <c>_ironseal_…</c>: a Node app that re-saves
/// the data keeps them, and a .NET save writes them again rather than keeping what it read.
/// </summary>
/// <param name="IssuedAt">The first issue, ms since the epoch.</param>
/// <param name="Id">The session's id: a random 16-digit integer below 2^53, so that JavaScript reads it exactly.</param>
/// <param name="EndsAt">The session's own end, ms since the epoch.</param>
/// <param name="BrowserSession">The cookie is written without Max-Age and Expires.</param>
internal readonly record struct SessionStamp(long? IssuedAt, long? Id, long? EndsAt, bool BrowserSession)
{
    private static readonly byte[] s_issuedAt = "_ironseal_iat"u8.ToArray();
    private static readonly byte[] s_id = "_ironseal_sid"u8.ToArray();
    private static readonly byte[] s_endsAt = "_ironseal_end"u8.ToArray();
    private static readonly byte[] s_browserSession = "_ironseal_bs"u8.ToArray();

    /// <summary>What every reserved member's name starts with.</summary>
    public static ReadOnlySpan<byte> Prefix => "_ironseal_"u8;

    /// <summary>The members read from a seal, in the order <see cref="From"/> takes their values.</summary>
    public static byte[][] Names { get; } = [s_issuedAt, s_id, s_endsAt, s_browserSession];

    /// <summary>The stamp of the values read for <see cref="Names"/>.</summary>
    public static SessionStamp From(ReadOnlySpan<long?> values) =>
        new(values[0], values[1] is >= MinId and <= MaxId ? values[1] : null, values[2], values[3] == 1);

    /// <summary>The smallest id: 10^15, so that every id has 16 digits and every cookie of the same data the same length.</summary>
    public const long MinId = 1_000_000_000_000_000;

    /// <summary>The largest id: 2^53 - 1, JavaScript's <c>Number.MAX_SAFE_INTEGER</c>.</summary>
    public const long MaxId = (1L << 53) - 1;

    /// <summary>
    /// A new session id, uniform between <see cref="MinId"/> and <see cref="MaxId"/> (52.8 bits): an integer a Node app
    /// reads exactly, always 16 digits long.
    /// </summary>
    public static long NewId()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        long id;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            id = BinaryPrimitives.ReadInt64LittleEndian(bytes) & MaxId;
        }
        while (id < MinId);
        return id;
    }

    /// <summary>True when the seal held none of the reserved members.</summary>
    public bool IsEmpty => IssuedAt is null && Id is null && EndsAt is null && !BrowserSession;

    /// <summary>
    /// Takes the reserved members out of data that reads every member (a <see cref="JsonObject"/>, a dictionary): they
    /// are the session's, and a save writes them again.
    /// </summary>
    public static void RemoveFrom(object? data)
    {
        if (data is JsonObject json)
        {
            foreach (string name in json.Select(static member => member.Key).Where(static key => key.StartsWith("_ironseal_", StringComparison.Ordinal)).ToList())
            {
                json.Remove(name);
            }
        }
        else if (data is IDictionary dictionary)
        {
            foreach (string name in dictionary.Keys.OfType<string>().Where(static key => key.StartsWith("_ironseal_", StringComparison.Ordinal)).ToList())
            {
                dictionary.Remove(name);
            }
        }
    }

    /// <summary>The members a save appends (none for a session that needs none: no copy, no allocation).</summary>
    public JsonPayload.ExtraMember[] Members()
    {
        int count = (IssuedAt is null ? 0 : 1) + (Id is null ? 0 : 1) + (EndsAt is null ? 0 : 1) + (BrowserSession ? 1 : 0);
        if (count == 0)
        {
            return [];
        }

        var members = new JsonPayload.ExtraMember[count];
        int i = 0;
        if (IssuedAt is { } issuedAt)
        {
            members[i++] = new(s_issuedAt, issuedAt);
        }

        if (Id is { } id)
        {
            members[i++] = new(s_id, id);
        }

        if (EndsAt is { } endsAt)
        {
            members[i++] = new(s_endsAt, endsAt);
        }

        if (BrowserSession)
        {
            members[i] = new(s_browserSession, 1);
        }

        return members;
    }
}
