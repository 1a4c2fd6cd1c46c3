using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>
/// At start-up: no two registered session types may use the same cookie name, or saving both in one request would send
/// two cookies of that name and one session would be lost. Settings that are themselves invalid are reported by
/// their own validation and skipped here.
/// </summary>
internal sealed class IronSessionCookieNamesValidator(IronSessionTypes types, IOptionsMonitor<IronSessionSettings> settings) : IValidateOptions<IronSessionTypes>
{
    public ValidateOptionsResult Validate(string? name, IronSessionTypes options)
    {
        var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach ((string optionsName, Type type) in types.Types)
        {
            string? cookie;
            try
            {
                cookie = settings.Get(optionsName).CookieName;
            }
            catch (OptionsValidationException)
            {
                continue;
            }

            if (!string.IsNullOrEmpty(cookie))
            {
                (owners.TryGetValue(cookie, out List<string>? list) ? list : owners[cookie] = []).Add(type.Name);
            }
        }

        string[] clashes = [.. owners.Where(pair => pair.Value.Count > 1)
            .Select(pair => $"the cookie \"{pair.Key}\" is used by {string.Join(" and ", pair.Value)}")];
        return clashes.Length == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"IronSeal: {string.Join("; ", clashes)}. Give each session type its own cookie name: its own configuration section " +
                "(AddIronSession<T>(\"SectionName\")) or settings.CookieName in AddIronSession<T>(settings => …).");
    }
}
