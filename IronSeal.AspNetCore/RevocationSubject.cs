namespace IronSeal;

/// <summary>
/// What a revocation check needs to know about a session, kept from the request that checked it for the Blazor circuit
/// that request starts (<see cref="SessionAuthenticationStateProvider"/> checks it again at each revalidation).
/// </summary>
/// <param name="CookieName">The session's cookie, for the logs and the meter.</param>
/// <param name="SessionId">Its id, when it has one.</param>
/// <param name="UserId">Its user, as the type's mapping names it.</param>
/// <param name="IssuedAt">When it was issued, when known.</param>
internal sealed record RevocationSubject(string CookieName, string? SessionId, string? UserId, DateTimeOffset? IssuedAt);
