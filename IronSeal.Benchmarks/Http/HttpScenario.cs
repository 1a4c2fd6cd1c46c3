namespace IronSeal.Benchmarks.Http;

/// <summary>One server the HTTP benchmark drives: its name in the JSON, its address, and whether its allocations are ours to count.</summary>
/// <param name="Name">The scenario's name, exactly as the JSON spells it.</param>
/// <param name="Address">The URL the load generator requests.</param>
/// <param name="Cookie">The Cookie header every request carries, or null.</param>
/// <param name="InProcess">True for the Kestrel apps in this process (allocations per request are measured).</param>
/// <param name="CookieFile">
/// A file of session seals, one per line: each request carries the next one as the cookie <see cref="BenchApps.CookieName"/>
/// (each wrk thread from its own place in the list) instead of <paramref name="Cookie"/>.
/// </param>
public sealed record HttpScenario(string Name, Uri Address, string? Cookie, bool InProcess, string? CookieFile = null);
