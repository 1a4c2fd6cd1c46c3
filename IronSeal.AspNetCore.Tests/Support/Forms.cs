using System.Net;
using System.Text.RegularExpressions;

namespace IronSeal.AspNetCore.Tests.Support;

internal static partial class Forms
{
    [GeneratedRegex("name=\"_csrf\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex CsrfField();

    public static string CsrfToken(string html) => WebUtility.HtmlDecode(CsrfField().Match(html).Groups["token"].Value);

    /// <summary>Loads <paramref name="page"/>, takes its CSRF token, posts the form fields.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string action, params (string Name, string Value)[] fields)
    {
        string token = CsrfToken(await client.GetStringAsync(page));
        var content = new FormUrlEncodedContent([new("_csrf", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        return await client.PostAsync(action, content);
    }
}
