namespace IronSeal.Sample;

/// <summary>
/// Sign-in by e-mail link. <c>GET /login/link</c> asks for a login or e-mail address; <c>POST /login/link</c> seals a
/// 15-minute token for that account and e-mails the link (in Development: shows it on the page, standing in for the
/// inbox); <c>GET /login/link/use?token=…</c> opens the token for the purpose <c>"magic-link"</c>, lets it pass once
/// (<see cref="SingleUseGuard"/>, shared by every instance through the distributed cache), signs in with a fresh
/// session and redirects to a local URL. A used, expired, changed or foreign link gets a plain error page.
/// </summary>
/// <remarks>
/// The answer to <c>POST /login/link</c> never tells whether an account exists (outside Development it is the same page
/// whatever was typed). A real e-mail needs an absolute link: build it from a configured public origin, never from the
/// request's Host header, which the requester controls.
/// </remarks>
public static class MagicLinkPages
{
    public const string UsePath = "/login/link/use";

    public static void Map(WebApplication app)
    {
        app.MapGet("/login/link", Form);
        app.MapPost("/login/link", Send);
        app.MapGet(UsePath, Use);
    }

    private static async Task<IResult> Form(IronSession<AppSession> session, string? returnUrl)
    {
        string? flash = await SampleApp.TakeFlashAsync(session);
        returnUrl = LocalUrl.Or(returnUrl, "/profile");
        string body = "<form method=\"post\" action=\"/login/link\" id=\"link-form\">" + Html.CsrfField(session.Data) +
            $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(returnUrl)}\">" +
            "<p><label>Login or e-mail <input name=\"login\" id=\"login\" autocomplete=\"username\" maxlength=\"254\" required></label></p>" +
            "<p><button id=\"send-link\">E-mail me a sign-in link</button></p></form>" +
            "<p>The link works once, within 15 minutes. Demo users: <code>ada</code> (ada@example.com), <code>alan</code> (alan@example.com).</p>" +
            $"<p><a href=\"/login?returnUrl={Html.E(Uri.EscapeDataString(returnUrl))}\">Sign in with a password instead</a></p>";
        return Html.Page("Sign in with an e-mail link", session.Data, body, flash);
    }

    private static async Task<IResult> Send(IronSession<AppSession> session, HttpRequest request, MagicLinks links, IWebHostEnvironment environment)
    {
        (IFormCollection form, IResult? refusal) = await SampleApp.PostedAsync(session, request);
        if (refusal is not null)
        {
            return refusal;
        }

        string who = form["login"].ToString().Trim();
        if (who.Length is 0 or > 254)
        {
            return Html.Page("Sign in with an e-mail link", session.Data,
                "<p class=\"error\">Enter your login or e-mail address. <a href=\"/login/link\">Try again</a></p>", statusCode: 400);
        }

        if (!environment.IsDevelopment())
        {
            // The same page whoever was asked for: no e-mail is sent, so nothing else may differ either.
            return Html.Page("No e-mail sent", session.Data,
                "<p id=\"no-mail\">E-mail is not configured on this server, so no sign-in link was sent. " +
                "<a href=\"/login\">Sign in with your password</a> instead.</p>");
        }

        string outbox = DemoUsers.Find(who) is { } account
            ? $"<p>To {Html.E(account.User.Name)}: <a id=\"magic-link\" href=\"{Html.E(LinkTo(links, account.User, form["returnUrl"]))}\">Sign in to the IronSeal sample</a></p>"
            : "<p id=\"no-account\">Nothing was sent: no account matches.</p>";
        string body = $"<p id=\"link-sent\">If an account matches <strong>{Html.E(who)}</strong>, a sign-in link is on its way. It works once, within 15 minutes.</p>" +
            $"<section id=\"outbox\"><h2>Development outbox</h2>{outbox}<p>Outside Development the app e-mails the link and shows none of this.</p></section>";
        return Html.Page("Check your e-mail", session.Data, body);
    }

    /// <summary>The link as the e-mail would carry it (relative here: the page is the inbox).</summary>
    private static string LinkTo(MagicLinks links, SessionUser user, string? returnUrl)
    {
        string token = links.Issue(user, returnUrl);
        return $"{UsePath}?token={Uri.EscapeDataString(token)}";
    }

    private static async Task<IResult> Use(
        IronSession<AppSession> session, HttpResponse response, string? token, MagicLinks links, SingleUseGuard guard, CancellationToken cancellationToken)
    {
        // The token is in the URL: keep the answer out of caches, and the URL out of Referer headers.
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        if (string.IsNullOrEmpty(token))
        {
            return Refused(session, StatusCodes.Status400BadRequest, "This sign-in link is not valid", "The link has no token. Copy the whole link from the e-mail.");
        }

        Unsealed<MagicLinkToken> link;
        try
        {
            link = links.Open(token);
        }
        catch (SealException exception) when (exception.Reason == SealError.Expired)
        {
            return Refused(session, StatusCodes.Status410Gone, "This sign-in link has expired", "Sign-in links work for 15 minutes.");
        }
        catch (SealException)
        {
            return Refused(session, StatusCodes.Status400BadRequest, "This sign-in link is not valid", "The link is incomplete or was changed. Copy the whole link from the e-mail.");
        }

        if (DemoUsers.Find(link.Data.Login) is not { } account)
        {
            return Refused(session, StatusCodes.Status400BadRequest, "This sign-in link is not valid", "The account it was made for no longer exists.");
        }

        if (!await guard.TryUseAsync(link, cancellationToken))
        {
            return Refused(session, StatusCodes.Status410Gone, "This sign-in link was used already", "Each link signs in once.");
        }

        await SampleApp.SignInAsync(session, account.User, account.SavedCart);
        return Results.Redirect(LocalUrl.Or(link.Data.ReturnUrl, "/profile"));
    }

    private static IResult Refused(IronSession<AppSession> session, int statusCode, string title, string why) =>
        Html.Page(title, session.Data,
            $"<p class=\"error\" id=\"link-refused\">{Html.E(why)} <a href=\"/login/link\">Get a new link</a> or <a href=\"/login\">sign in with your password</a>.</p>",
            statusCode: statusCode);
}
