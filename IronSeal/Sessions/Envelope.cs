namespace IronSeal;

/// <summary>
/// An opened session seal as its format reads it: the data, what a save writes back, and what the format keeps beside
/// the data. Times are ms since the epoch, 0 when absent.
/// </summary>
/// <typeparam name="T">The session data.</typeparam>
/// <param name="Data">The data, read as <typeparamref name="T"/>.</param>
/// <param name="Kept">The data's JSON as read, when it holds members <typeparamref name="T"/> does not model.</param>
/// <param name="Found">What the scan of the data against <typeparamref name="T"/> found.</param>
/// <param name="ExpiresAt">The seal's expiration (0: never).</param>
/// <param name="Stamp">iron-session: the members IronSeal keeps beside the data (id, first issue, end, browser session).</param>
/// <param name="Id">h3: the session's id.</param>
/// <param name="CreatedAt">h3: <c>createdAt</c>.</param>
/// <param name="LastSeenAt">h3 2.x: <c>lastSeenAt</c>.</param>
/// <param name="Fallback">The seal opened only with the format's fallback key rounds (h3 2.x: one round).</param>
internal readonly record struct Envelope<T>(
    T Data, byte[]? Kept, KeptMembers.Found Found, long ExpiresAt,
    SessionStamp Stamp = default, string? Id = null, long CreatedAt = 0, long LastSeenAt = 0, bool Fallback = false)
    where T : class;
