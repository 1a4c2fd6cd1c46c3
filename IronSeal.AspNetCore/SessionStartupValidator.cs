using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>
/// At start-up, for every registered session type: its settings build valid options (else the app stops with the
/// message, in configuration keys, never a password), and no two types use the same cookie name (saving both in one
/// request would send two cookies of that name and lose one session). Settings are checked here rather than by an
/// <c>IValidateOptions</c> of the settings, so that an invalid configuration reload later is refused by the session's
/// own options source (which keeps the last good options) instead of throwing out of the reload.
/// </summary>
internal sealed class SessionStartupValidator(SessionTypes types, IServiceProvider services) : IValidateOptions<SessionTypes>
{
    public ValidateOptionsResult Validate(string? name, SessionTypes options)
    {
        var failures = new List<string>();
        var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (SessionTypes.Registration registration in types.Types.Values)
        {
            (string? cookie, string? failure) = registration.Check(services);
            if (cookie is not null)
            {
                (owners.TryGetValue(cookie, out List<string>? list) ? list : owners[cookie] = []).Add(registration.Type.Name);
            }
            else
            {
                failures.Add(failure!);
            }
        }

        string[] clashes = [.. owners.Where(pair => pair.Value.Count > 1)
            .Select(pair => $"the cookie \"{pair.Key}\" is used by {string.Join(" and ", pair.Value)}")];
        if (clashes.Length > 0)
        {
            failures.Add(
                $"IronSeal: {string.Join("; ", clashes)}. Give each session type its own cookie name: its own configuration section " +
                "(AddIronSession<T>(\"SectionName\")) or settings.CookieName in AddIronSession<T>(settings => …).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
