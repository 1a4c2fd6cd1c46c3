using System.Net;
using System.Text.RegularExpressions;
using System.Web;

namespace IronSeal.AspNetCore.Tests.Support;

/// <summary>The fields of a provider's <c>form_post</c> response, and where they go.</summary>
public sealed record FormPost(Uri Action, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public FormPost With(string name, string value) =>
        this with { Fields = [.. Fields.Select(field => field.Key == name ? new KeyValuePair<string, string>(name, value) : field)] };
}

/// <summary>
/// Drives an OpenID Connect sign-in as a browser does, with a real HTTP client and one cookie jar: follows redirects,
/// fills the provider's login form, and stops at the provider's <c>form_post</c> so a test can post it (or tamper with it).
/// </summary>
public sealed partial class OidcBrowser : IDisposable
{
    [GeneratedRegex("<form[^>]*action=\"(?<action>[^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex FormInput();

    public OidcBrowser(Uri app, CookieContainer? jar = null)
    {
        Jar = jar ?? new CookieContainer();
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Jar, AllowAutoRedirect = false }) { BaseAddress = app };
        Client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public HttpClient Client { get; }

    public CookieContainer Jar { get; }

    public string? AppCookie(string name) => Jar.GetCookies(Client.BaseAddress!)[name]?.Value;

    /// <summary>Starts at <paramref name="start"/> on the app and signs in at the provider as <paramref name="user"/>; returns the provider's answer to post back.</summary>
    public async Task<FormPost> SignInAtProviderAsync(string start, string user, string password = OidcProvider.UserPassword)
    {
        (Uri page, string html) = await FollowAsync(new Uri(Client.BaseAddress!, start));
        if (!page.AbsolutePath.EndsWith("/account/login", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Expected the provider's login form, got {page}: {html}");
        }

        string returnUrl = HttpUtility.ParseQueryString(page.Query)["ReturnUrl"] ?? throw new InvalidOperationException("No ReturnUrl.");
        using HttpResponseMessage login = await Client.PostAsync(new Uri(page, "/account/login"), new FormUrlEncodedContent(
            [new("returnUrl", returnUrl), new("username", user), new("password", password)]));
        (Uri answered, string form) = await FollowAsync(login);
        Match action = FormAction().Match(form);
        if (!action.Success)
        {
            throw new InvalidOperationException($"Expected the provider's form_post, got {answered}: {form}");
        }

        return new FormPost(
            new Uri(WebUtility.HtmlDecode(action.Groups["action"].Value)),
            [.. FormInput().Matches(form).Select(input => new KeyValuePair<string, string>(WebUtility.HtmlDecode(input.Groups["name"].Value), WebUtility.HtmlDecode(input.Groups["value"].Value)))]);
    }

    /// <summary>Posts the provider's answer to the app's callback; returns the app's response (not followed).</summary>
    public Task<HttpResponseMessage> PostAsync(FormPost post) => Client.PostAsync(post.Action, new FormUrlEncodedContent(post.Fields));

    private async Task<(Uri Page, string Html)> FollowAsync(Uri address)
    {
        using HttpResponseMessage response = await Client.GetAsync(address);
        return await FollowAsync(response);
    }

    private async Task<(Uri Page, string Html)> FollowAsync(HttpResponseMessage response)
    {
        Uri at = response.RequestMessage!.RequestUri!;
        for (int hops = 0; response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther; hops++)
        {
            if (hops == 10)
            {
                throw new InvalidOperationException("Too many redirects.");
            }

            at = new Uri(at, response.Headers.Location!);
            response = await Client.GetAsync(at);
        }

        return (at, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => Client.Dispose();
}
