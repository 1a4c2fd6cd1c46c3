using Account = (IronSeal.Sample.SessionUser User, System.Collections.Generic.IReadOnlyList<IronSeal.Sample.CartLine> SavedCart);

namespace IronSeal.Sample;

/// <summary>
/// Sign-in by e-mail link. <c>GET /login/link</c> asks for a login or e-mail address; <c>POST /login/link</c> seals a
/// 15-minute token for that account and e-mails the link (in Development: shows it on the page, standing in for the
/// inbox). <c>GET /login/link/use?token=…</c> only checks the token and shows a confirmation page naming the account;
/// it signs no one in and uses nothing up. Its form posts the token and the CSRF token back to the same path, and
/// <c>POST /login/link/use</c> opens the token for the purpose <c>"magic-link"</c>, lets it pass once
/// (<see cref="SingleUseGuard"/>, shared by every instance through the distributed cache), signs in with a fresh
/// session and redirects to a local URL. A used, expired, changed or foreign link gets a plain error page.
/// </summary>
/// <remarks>
/// Why a confirmation step: a link that signed in on a GET would let an attacker sign a victim into the attacker's
/// account (login CSRF: SameSite=Lax cookies go with top-level GETs, and the victim's guest cart would be merged into
/// that account), and mail scanners that fetch links would use the tokens up before the user clicks.
/// </remarks>
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
        app.MapGet(UsePath, Confirm);
        app.MapPost(UsePath, Use);
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

    /// <summary>The page a link opens: checks the token (changing nothing) and asks the user to confirm the sign-in.</summary>
    private static async Task<IResult> Confirm(IronSession<AppSession> session, HttpResponse response, string? token, MagicLinks links)
    {
        NoStore(response);
        (Account? account, IResult? refusal) = Check(session, token, links);
        if (refusal is not null)
        {
            return refusal;
        }

        string? flash = await SampleApp.TakeFlashAsync(session); // also makes the CSRF token the form carries
        string body = $"<form method=\"post\" action=\"{UsePath}\" id=\"confirm-link-form\">" + Html.CsrfField(session.Data) +
            $"<input type=\"hidden\" name=\"token\" value=\"{Html.E(token)}\">" +
            $"<p id=\"confirm-link\">Sign in as <strong>{Html.E(account!.Value.User.Name)}</strong> ({Html.E(account.Value.User.Login)})?</p>" +
            "<p><button id=\"use-link\">Sign in</button></p></form>" +
            "<p>If you did not ask for this link, close this page: nothing happens until you press the button.</p>";
        return Html.Page("Sign in with an e-mail link", session.Data, body, flash);
    }

    /// <summary>The confirmation's post: the CSRF token, then the link's token, then its single use, then the sign-in.</summary>
    private static async Task<IResult> Use(
        IronSession<AppSession> session, HttpContext context, MagicLinks links, SingleUseGuard guard, CancellationToken cancellationToken)
    {
        NoStore(context.Response);
        (IFormCollection form, IResult? csrfRefusal) = await SampleApp.PostedAsync(session, context.Request);
        if (csrfRefusal is not null)
        {
            return csrfRefusal;
        }

        string? token = form["token"];
        (Account? account, IResult? refusal) = Check(session, token, links, out Unsealed<MagicLinkToken>? link);
        if (refusal is not null)
        {
            return refusal;
        }

        bool firstUse;
        try
        {
            firstUse = await guard.TryUseAsync(link!, cancellationToken);
        }
        catch (IronSealStoreException)
        {
            // The store that remembers used links is down: the link is not accepted (it may have been used), nor spent.
            return Refused(session, StatusCodes.Status503ServiceUnavailable, "Try again in a moment", "Sign-in links cannot be checked just now; your link still works once this is back.");
        }

        if (!firstUse)
        {
            return Refused(session, StatusCodes.Status410Gone, "This sign-in link was used already", "Each link signs in once.");
        }

        await SampleApp.SignInAsync(context, account!.Value.User, "magic-link");
        return Results.Redirect(LocalUrl.Or(link!.Data.ReturnUrl, "/profile"));
    }

    // The token is in the URL: keep the answer out of caches, and the URL out of Referer headers.
    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static (Account? Account, IResult? Refusal) Check(IronSession<AppSession> session, string? token, MagicLinks links) =>
        Check(session, token, links, out _);

    /// <summary>Opens the token for its purpose (nothing is used up): the account it names, or the page that refuses it.</summary>
    private static (Account? Account, IResult? Refusal) Check(IronSession<AppSession> session, string? token, MagicLinks links, out Unsealed<MagicLinkToken>? link)
    {
        link = null;
        if (string.IsNullOrEmpty(token))
        {
            return (null, Refused(session, StatusCodes.Status400BadRequest, "This sign-in link is not valid", "The link has no token. Copy the whole link from the e-mail."));
        }

        try
        {
            link = links.Open(token);
        }
        catch (SealException exception) when (exception.Reason == SealError.Expired)
        {
            return (null, Refused(session, StatusCodes.Status410Gone, "This sign-in link has expired", "Sign-in links work for 15 minutes."));
        }
        catch (SealException)
        {
            return (null, Refused(session, StatusCodes.Status400BadRequest, "This sign-in link is not valid", "The link is incomplete or was changed. Copy the whole link from the e-mail."));
        }

        return DemoUsers.Find(link.Data.Login) is { } account
            ? (account, null)
            : (null, Refused(session, StatusCodes.Status400BadRequest, "This sign-in link is not valid", "The account it was made for no longer exists."));
    }

    private static IResult Refused(IronSession<AppSession> session, int statusCode, string title, string why) =>
        Html.Page(title, session.Data,
            $"<p class=\"error\" id=\"link-refused\">{Html.E(why)} <a href=\"/login/link\">Get a new link</a> or <a href=\"/login\">sign in with your password</a>.</p>",
            statusCode: statusCode);
}
