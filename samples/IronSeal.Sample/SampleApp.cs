using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;

namespace IronSeal.Sample;

/// <summary>The sample: the patterns iron-session's guides teach, on IronSeal.AspNetCore.</summary>
public static class SampleApp
{
    /// <summary>The password in appsettings.Development.json; refused anywhere else.</summary>
    public const string DevelopmentPassword = "development-only-password-never-use-in-production-0123456789";

    /// <summary>The authorization policy of <c>/admin</c>: signed in with the role <c>admin</c>.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Builds the app; <paramref name="configureServices"/> runs last (tests register a fake clock there).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        builder.Services.AddIronSession<AppSession>(SampleJsonContext.Default.AppSession);

        // The signed-in user comes from the session itself (no second cookie, no ticket): a user signed in by a Node app
        // with iron-session and the same cookie name and password is signed in here too.
        builder.Services.AddAuthentication(IronSessionAuthenticationDefaults.AuthenticationScheme)
            .AddIronSession<AppSession>(options =>
            {
                options.LoginPath = "/login";
                options.GetClaims = session => session.User?.ToClaims();
                // HttpContext.SignInAsync writes the user into a fresh session; OnSigningIn carries over what it should.
                options.SignIn = (session, principal) => session.User = SessionUser.FromClaims(principal);
                options.Events.OnSigningIn = context =>
                {
                    CarryOver(context.PreviousData, context.Data);
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole("admin"));

        // Single-use magic links and revocation ("Sign out everywhere", and every sign-out revokes its session): what
        // they remember must be shared by every instance, so with several instances use Redis (ConnectionStrings:Redis,
        // e.g. "redis.internal:6379,password=…,ssl=true"): an atomic SET NX per link. Else this instance's memory.
        builder.Services.AddIronSealSingleUse();
        builder.Services.AddIronSessionRevocation<AppSession>(session => session.User?.Id);
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            builder.Services.AddIronSealRedis(redis);
        }

        builder.Services.AddSingleton<MagicLinks>();
        if (!builder.Environment.IsDevelopment())
        {
            builder.Services.AddOptions<IronSessionSettings>(IronSessionSettings.OptionsName<AppSession>())
                .Validate(settings => settings.Password != DevelopmentPassword && !settings.Passwords.ContainsValue(DevelopmentPassword),
                    "IronSeal: the development password is not allowed outside Development. Set IronSession:Password (e.g. the environment variable IronSession__Password) to 32+ random characters.");
        }

        configureServices?.Invoke(builder.Services);
        WebApplication app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.Use(SessionTooLargeAsync);
        app.UseStatusCodePages(ForbiddenPageAsync);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/", Home);
        app.MapGet("/login", LoginForm);
        app.MapPost("/login", Login);
        MagicLinkPages.Map(app);
        app.MapPost("/logout", Logout);
        app.MapGet("/profile", Profile).RequireAuthorization();
        app.MapPost("/account/sign-out-everywhere", SignOutEverywhere).RequireAuthorization();
        app.MapGet("/admin", Admin).RequireAuthorization(AdminPolicy);
        app.MapPost("/cart/add", AddToCart);
        app.MapGet("/onboarding", OnboardingForm).RequireAuthorization();
        app.MapPost("/onboarding", Onboarding).RequireAuthorization();
        app.MapGet("/api/session", ApiSession);
        app.MapDelete("/api/session", ApiSignOut);
        app.MapGet("/api/me", ApiMe).RequireAuthorization();
        app.Map("/error", () => Results.Problem("Something went wrong.", statusCode: 500));
        return app;
    }

    /// <summary>
    /// Any save whose cookie would pass the browsers' 4096 bytes (a sign-in too: a guest's cart merged with the saved
    /// one): a 413 page that says so, and no Set-Cookie, so the browser keeps the cookie it has. Never a 500.
    /// </summary>
    private static async Task SessionTooLargeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception caught) when (!context.Response.HasStarted
            && (caught as SessionCookieTooLargeException ?? (caught as SessionSignInException)?.InnerException as SessionCookieTooLargeException) is { } exception)
        {
            context.Response.Clear();
            IronSession<AppSession> session = await context.GetIronSessionAsync<AppSession>();
            await Html.Page("Session full", session.Data,
                    $"<p class=\"error\" id=\"too-big\">Your session no longer fits in the session cookie, so nothing was saved. {Html.E(exception.Message)}</p>",
                    statusCode: StatusCodes.Status413PayloadTooLarge)
                .ExecuteAsync(context);
        }
    }

    /// <summary>A signed-in user without the role a page needs gets a page that says so (the status stays 403).</summary>
    private static async Task ForbiddenPageAsync(StatusCodeContext status)
    {
        HttpContext context = status.HttpContext;
        if (context.Response.StatusCode == StatusCodes.Status403Forbidden)
        {
            IronSession<AppSession> session = await context.GetIronSessionAsync<AppSession>();
            await Html.Page("Not allowed", session.Data, "<p class=\"error\" id=\"forbidden\">Your account may not open this page.</p>",
                    statusCode: StatusCodes.Status403Forbidden)
                .ExecuteAsync(context);
        }
    }

    /// <summary>Shows the flash message once: reading it clears it, and the session is saved (also for a new CSRF token).</summary>
    internal static async Task<string?> TakeFlashAsync(IronSession<AppSession> session)
    {
        string? flash = session.Data.Flash;
        bool changed = flash is not null;
        session.Data.Flash = null;
        changed |= Csrf.Ensure(session.Data);
        if (changed)
        {
            await session.SaveAsync();
        }

        return flash;
    }

    /// <summary>A posted form, or the page that refuses it when its CSRF token is missing or wrong.</summary>
    internal static async Task<(IFormCollection Form, IResult? Refusal)> PostedAsync(IronSession<AppSession> session, HttpRequest request)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync();
        }
        catch (InvalidDataException)
        {
            // What ASP.NET Core's form reader throws for a body it refuses (a %00 in a value, too many fields).
            return (FormCollection.Empty, Html.Page("Invalid request", session.Data, "<p class=\"error\">The form could not be read. Reload the page and try again.</p>", statusCode: 400));
        }

        return Csrf.IsValid(session.Data, form[Csrf.FieldName])
            ? (form, null)
            : (form, Html.Page("Invalid request", session.Data, "<p class=\"error\">The form's CSRF token is missing or wrong. Reload the page and try again.</p>", statusCode: 400));
    }

    private static async Task<IResult> Home(IronSession<AppSession> session, string? signedout)
    {
        string? flash = await TakeFlashAsync(session);
        if (signedout is not null)
        {
            flash = signedout == "everywhere" ? "You are signed out in every browser." : "You are signed out.";
        }

        var body = new StringBuilder("<h2>Shop</h2><ul>");
        foreach (Product product in Catalog.Products)
        {
            body.Append("<li>").Append(Html.E(product.Name)).Append(" — ").Append(Html.Price(product.Price))
                .Append(" <form method=\"post\" action=\"/cart/add\">").Append(Html.CsrfField(session.Data))
                .Append("<input type=\"hidden\" name=\"sku\" value=\"").Append(product.Sku).Append("\">")
                .Append("<input name=\"note\" placeholder=\"gift note\" maxlength=\"2000\">")
                .Append("<button id=\"add-").Append(product.Sku).Append("\">Add to cart</button></form></li>");
        }

        body.Append("</ul><h2>Cart</h2>").Append(Html.Cart(session.Data))
            .Append("<p>Guests keep a cart in the session; signing in merges it with the account's saved cart.</p>");
        return Html.Page("IronSeal sample", session.Data, body.ToString(), flash);
    }

    private static async Task<IResult> LoginForm(IronSession<AppSession> session, string? returnUrl)
    {
        string? flash = await TakeFlashAsync(session);
        string hints = string.Join(", ", DemoUsers.Hints.Select(h => $"<code>{h.Login}</code> / <code>{h.Password}</code>"));
        string body = "<form method=\"post\" action=\"/login\" id=\"login-form\">" + Html.CsrfField(session.Data) +
            $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(LocalUrl.OrNull(returnUrl))}\">" +
            "<p><label>Login <input name=\"login\" id=\"login\" autocomplete=\"username\"></label></p>" +
            "<p><label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\"></label></p>" +
            $"<p><button id=\"submit-login\">Sign in</button></p></form><p>Demo users: {hints}.</p>" +
            $"<p><a id=\"magic-link-sign-in\" href=\"/login/link?returnUrl={Html.E(Uri.EscapeDataString(LocalUrl.Or(returnUrl, "/profile")))}\">Sign in with an e-mail link instead</a></p>";
        return Html.Page("Sign in", session.Data, body, flash);
    }

    private static async Task<IResult> Login(IronSession<AppSession> session, HttpContext context)
    {
        (IFormCollection form, IResult? refusal) = await PostedAsync(session, context.Request);
        if (refusal is not null)
        {
            return refusal;
        }

        if (DemoUsers.Verify(form["login"], form["password"]) is not { } account)
        {
            session.Data.Flash = "Wrong login or password.";
            await session.SaveAsync();
            string? back = LocalUrl.OrNull(form["returnUrl"]);
            return Results.Redirect(back is null ? "/login" : $"/login?returnUrl={Uri.EscapeDataString(back)}");
        }

        await SignInAsync(context, account.User, "password");
        return Results.Redirect(LocalUrl.Or(form["returnUrl"], "/profile"));
    }

    /// <summary>
    /// Signs <paramref name="user"/> in, whichever way they proved who they are (password, magic link), through the
    /// IronSeal scheme: <c>SignInAsync</c> starts a fresh session (the scheme's SignIn mapping writes the user) and
    /// saves it, with a cookie that outlives the browser as before.
    /// </summary>
    internal static Task SignInAsync(HttpContext context, SessionUser user, string method) =>
        context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(user.ToClaims(), method)), new AuthenticationProperties { IsPersistent = true });

    /// <summary>
    /// What a sign-in keeps of the session before it: a new CSRF token, a welcome message, the account's saved cart, and
    /// of the previous session only its cart when that was a guest's (or this same user's). Nothing else carries over:
    /// not another user's onboarding or flash on a shared computer, not a stale CSRF token.
    /// </summary>
    private static void CarryOver(AppSession? previous, AppSession signedIn)
    {
        SessionUser user = signedIn.User!;
        IReadOnlyList<CartLine> savedCart = DemoUsers.Find(user.Login)?.SavedCart ?? [];
        bool sameUser = previous?.User?.Id == user.Id;
        signedIn.Cart = sameUser ? previous!.Cart : Catalog.Merge(savedCart, previous is { User: null } ? previous.Cart : []);
        signedIn.Flash = $"Welcome, {user.Name}.";
        Csrf.Ensure(signedIn);
    }

    private static async Task<IResult> Logout(IronSession<AppSession> session, HttpRequest request)
    {
        (_, IResult? refusal) = await PostedAsync(session, request);
        if (refusal is not null)
        {
            return refusal;
        }

        // The scheme's sign-out destroys the session and, with revocation on, revokes it: a copy of this cookie (a
        // stolen one) stops working on every instance too.
        await request.HttpContext.SignOutAsync();
        return Results.Redirect("/?signedout=1");
    }

    /// <summary>
    /// Revokes every session of the user issued until now, in every browser and on every instance (and on Node apps
    /// that enforce the same list), then signs this browser out. A store that is down gets a 503: nothing was revoked.
    /// </summary>
    private static async Task<IResult> SignOutEverywhere(IronSession<AppSession> session, HttpContext context, SessionRevocation revocation, CancellationToken cancellationToken)
    {
        (_, IResult? refusal) = await PostedAsync(session, context.Request);
        if (refusal is not null)
        {
            return refusal;
        }

        try
        {
            await revocation.RevokeUserAsync(session.Data.User!.Id, cancellationToken);
        }
        catch (IronSealStoreException)
        {
            return Html.Page("Try again in a moment", session.Data,
                "<p class=\"error\" id=\"store-unavailable\">Your other sessions could not be signed out just now (the session store is unavailable). Nothing was changed; try again in a moment.</p>",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        await context.SignOutAsync();
        return Results.Redirect("/?signedout=everywhere");
    }

    /// <summary>Only for signed-in users (<c>RequireAuthorization</c>): a guest is sent to the login page and back.</summary>
    private static async Task<IResult> Profile(IronSession<AppSession> session, ClaimsPrincipal principal)
    {
        SessionUser user = session.Data.User!;
        string? flash = await TakeFlashAsync(session);
        string onboarding = session.Data.Onboarding is { Completed: true } done
            ? $"<p id=\"onboarding-status\">Onboarding complete: {Html.E(done.DisplayName)}, team {Html.E(done.Team)}, plan {Html.E(done.Plan)}.</p>"
            : "<p id=\"onboarding-status\">Onboarding not finished. <a href=\"/onboarding\">Continue</a></p>";
        string expires = session.ExpiresAt is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "now (new cookie)";
        string roles = string.Join(", ", principal.FindAll(ClaimTypes.Role).Select(claim => claim.Value));
        string body = $"<p id=\"profile\">Login <code>{Html.E(user.Login)}</code>, id {Html.E(user.Id)}, role <code id=\"role\">{Html.E(roles)}</code>.</p>{onboarding}" +
            $"<h2>Cart</h2>{Html.Cart(session.Data)}<p>The session cookie this request carried expires {Html.E(expires)}.</p>" +
            $"<form method=\"post\" action=\"/account/sign-out-everywhere\">{Html.CsrfField(session.Data)}<button id=\"sign-out-everywhere\">Sign out everywhere</button> " +
            "(every browser and device where you are signed in)</form>";
        return Html.Page($"Profile of {user.Name}", session.Data, body, flash);
    }

    /// <summary>Only for the role <c>admin</c> (<see cref="AdminPolicy"/>): guests go to the login page, other users get 403.</summary>
    private static async Task<IResult> Admin(IronSession<AppSession> session, ClaimsPrincipal principal)
    {
        string? flash = await TakeFlashAsync(session);
        var body = new StringBuilder($"<p id=\"admin\">Signed in as {Html.E(principal.Identity?.Name)}, with the role admin.</p><table><tr><th>Login</th><th>Name</th><th>Role</th></tr>");
        foreach (SessionUser user in DemoUsers.All)
        {
            body.Append("<tr><td>").Append(Html.E(user.Login)).Append("</td><td>").Append(Html.E(user.Name)).Append("</td><td>").Append(Html.E(user.Role)).Append("</td></tr>");
        }

        return Html.Page("Admin", session.Data, body.Append("</table>").ToString(), flash);
    }

    private static async Task<IResult> AddToCart(IronSession<AppSession> session, HttpRequest request)
    {
        (IFormCollection form, IResult? refusal) = await PostedAsync(session, request);
        if (refusal is not null)
        {
            return refusal;
        }

        if (Catalog.Find(form["sku"]) is not { } product)
        {
            return Html.Page("Unknown product", session.Data, "<p class=\"error\">No such product.</p>", statusCode: 400);
        }

        string? note = string.IsNullOrWhiteSpace(form["note"]) ? null : form["note"].ToString();
        if (note is { Length: > 2000 })
        {
            return Html.Page("Note too long", session.Data, "<p class=\"error\">A gift note has at most 2000 characters.</p>", statusCode: 400);
        }

        List<CartLine> cart = Catalog.Merge(session.Data.Cart, [new CartLine { Sku = product.Sku, Quantity = 1, Note = note }]);
        session.Data.Cart = cart;
        session.Data.Flash = $"Added {product.Name}.";
        await session.SaveAsync(); // too large for a cookie: SessionTooLargeAsync answers 413 and the browser keeps its cookie
        return Results.Redirect("/");
    }

    private static async Task<IResult> OnboardingForm(IronSession<AppSession> session)
    {
        string? flash = await TakeFlashAsync(session);
        OnboardingState state = session.Data.Onboarding ?? new OnboardingState();
        string field = state.Step switch
        {
            1 => $"<label>Display name <input name=\"displayName\" id=\"displayName\" value=\"{Html.E(state.DisplayName)}\" required></label>",
            2 => $"<label>Team <input name=\"team\" id=\"team\" value=\"{Html.E(state.Team)}\" required></label>",
            _ => "<label>Plan <select name=\"plan\" id=\"plan\"><option>Free</option><option>Pro</option></select></label>",
        };
        string body = state.Completed
            ? "<p id=\"onboarding-done\">You have finished onboarding.</p>"
            : $"<p id=\"step\">Step {state.Step} of 3</p><form method=\"post\" action=\"/onboarding\">{Html.CsrfField(session.Data)}<p>{field}</p>" +
              (state.Step > 1 ? "<button name=\"action\" value=\"back\" id=\"back\" formnovalidate>Back</button> " : "") +
              $"<button name=\"action\" value=\"next\" id=\"next\">{(state.Step == 3 ? "Finish" : "Next")}</button></form>" +
              "<p>The answers so far live in the session cookie: reload, or come back later.</p>";
        return Html.Page("Onboarding", session.Data, body, flash);
    }

    private static async Task<IResult> Onboarding(IronSession<AppSession> session, HttpRequest request)
    {
        (IFormCollection form, IResult? refusal) = await PostedAsync(session, request);
        if (refusal is not null)
        {
            return refusal;
        }

        OnboardingState state = session.Data.Onboarding ??= new OnboardingState();
        if (form["action"] == "back")
        {
            state.Step = Math.Max(1, state.Step - 1);
        }
        else
        {
            switch (state.Step)
            {
                case 1 when !string.IsNullOrWhiteSpace(form["displayName"]):
                    state.DisplayName = form["displayName"];
                    state.Step = 2;
                    break;
                case 2 when !string.IsNullOrWhiteSpace(form["team"]):
                    state.Team = form["team"];
                    state.Step = 3;
                    break;
                case 3 when form["plan"] == "Free" || form["plan"] == "Pro":
                    state.Plan = form["plan"];
                    state.Completed = true;
                    session.Data.Flash = "Onboarding complete.";
                    break;
                default:
                    session.Data.Flash = "Please fill in the field.";
                    break;
            }
        }

        await session.SaveAsync();
        return Results.Redirect(state.Completed ? "/profile" : "/onboarding");
    }

    /// <summary>iron-session's guides: <c>{"authenticated": false}</c> signed out, the user signed in.</summary>
    private static IResult ApiSession(IronSession<AppSession> session) =>
        Results.Json(new SessionResponse(session.Data.User is not null, session.Data.User), SampleJsonContext.Default.SessionResponse);

    /// <summary>Signs out through the authentication scheme, which destroys the session; answers with the session's state after it.</summary>
    private static async Task<IResult> ApiSignOut(HttpContext context, IronSession<AppSession> session)
    {
        await context.SignOutAsync();
        return ApiSession(session);
    }

    /// <summary>The signed-in user as JSON (<c>{"id","login","name","role"}</c>); 401 for a guest (<c>RequireAuthorization</c>).</summary>
    private static IResult ApiMe(IronSession<AppSession> session) =>
        Results.Json(session.Data.User!, SampleJsonContext.Default.SessionUser);
}
