namespace IronSeal.Sample;

/// <summary>The sample: the patterns iron-session's guides teach, on IronSeal.AspNetCore.</summary>
public static class SampleApp
{
    /// <summary>The password in appsettings.Development.json; refused anywhere else.</summary>
    public const string DevelopmentPassword = "development-only-password-never-use-in-production-0123456789";

    /// <summary>Builds the app; <paramref name="configureServices"/> runs last (tests register a fake clock there).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        builder.Services.AddIronSession<AppSession>(SampleJsonContext.Default.AppSession);

        // Single-use magic links: the used-token ids must be shared by every instance, so with several instances use
        // Redis (ConnectionStrings:Redis, e.g. "redis.internal:6379,password=…,ssl=true"); else the in-memory cache.
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            builder.Services.AddStackExchangeRedisCache(options =>
            {
                options.Configuration = redis;
                options.InstanceName = "ironseal-sample:";
            });
        }

        builder.Services.AddIronSealSingleUse();
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

        app.MapGet("/", (Delegate)Home);
        app.MapGet("/login", LoginForm);
        app.MapPost("/login", (Delegate)Login);
        MagicLinkPages.Map(app);
        app.MapPost("/logout", (Delegate)Logout);
        app.MapGet("/profile", (Delegate)Profile);
        app.MapPost("/cart/add", (Delegate)AddToCart);
        app.MapGet("/onboarding", (Delegate)OnboardingForm);
        app.MapPost("/onboarding", (Delegate)Onboarding);
        app.MapGet("/api/session", (Delegate)ApiSession);
        app.MapDelete("/api/session", (Delegate)ApiSignOut);
        app.Map("/error", () => Results.Problem("Something went wrong.", statusCode: 500));
        return app;
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

    internal static async Task<(IronSession<AppSession> Session, IResult? Refusal)> PostedAsync(HttpContext context)
    {
        IronSession<AppSession> session = await context.GetIronSessionAsync<AppSession>();
        IFormCollection form = await context.Request.ReadFormAsync();
        if (!Csrf.IsValid(session.Data, form[Csrf.FieldName]))
        {
            return (session, Html.Page("Invalid request", session.Data, "<p class=\"error\">The form's CSRF token is missing or wrong. Reload the page and try again.</p>", statusCode: 400));
        }

        return (session, null);
    }

    private static async Task<IResult> Home(HttpContext context)
    {
        IronSession<AppSession> session = await context.GetIronSessionAsync<AppSession>();
        string? flash = await TakeFlashAsync(session);
        if (context.Request.Query.ContainsKey("signedout"))
        {
            flash = "You are signed out.";
        }

        var body = new System.Text.StringBuilder("<h2>Shop</h2><ul>");
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

    private static async Task<IResult> LoginForm(HttpContext context, string? returnUrl)
    {
        IronSession<AppSession> session = await context.GetIronSessionAsync<AppSession>();
        string? flash = await TakeFlashAsync(session);
        string hints = string.Join(", ", DemoUsers.Hints.Select(h => $"<code>{h.Login}</code> / <code>{h.Password}</code>"));
        string body = "<form method=\"post\" action=\"/login\" id=\"login-form\">" + Html.CsrfField(session.Data) +
            $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(returnUrl)}\">" +
            "<p><label>Login <input name=\"login\" id=\"login\" autocomplete=\"username\"></label></p>" +
            "<p><label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\"></label></p>" +
            $"<p><button id=\"submit-login\">Sign in</button></p></form><p>Demo users: {hints}.</p>" +
            $"<p><a id=\"magic-link-sign-in\" href=\"/login/link?returnUrl={Html.E(Uri.EscapeDataString(LocalUrl.Or(returnUrl, "/profile")))}\">Sign in with an e-mail link instead</a></p>";
        return Html.Page("Sign in", session.Data, body, flash);
    }

    private static async Task<IResult> Login(HttpContext context)
    {
        (IronSession<AppSession> session, IResult? refusal) = await PostedAsync(context);
        if (refusal is not null)
        {
            return refusal;
        }

        IFormCollection form = context.Request.Form;
        if (DemoUsers.Verify(form["login"], form["password"]) is not { } account)
        {
            session.Data.Flash = "Wrong login or password.";
            await session.SaveAsync();
            return Results.Redirect("/login", preserveMethod: false);
        }

        await SignInAsync(session, account.User, account.SavedCart);
        return Results.Redirect(LocalUrl.Or(form["returnUrl"], "/profile"));
    }

    /// <summary>
    /// Signs <paramref name="user"/> in with a fresh session, whichever way they proved who they are (password, magic
    /// link): a new CSRF token, a welcome message, and of the previous session only what is the user's own: a guest's
    /// cart (merged into the account's saved cart), or, when the same user signs in again, their cart and onboarding.
    /// Another user's session (a shared computer) leaves nothing behind.
    /// </summary>
    internal static async Task SignInAsync(IronSession<AppSession> session, SessionUser user, IReadOnlyList<CartLine> savedCart)
    {
        AppSession previous = session.Data;
        bool sameUser = previous.User?.Id == user.Id;
        session.Data = new AppSession
        {
            User = user,
            Cart = sameUser ? previous.Cart : Catalog.Merge(savedCart, previous.User is null ? previous.Cart : []),
            Onboarding = sameUser ? previous.Onboarding : null,
            Flash = $"Welcome, {user.Name}.",
        };
        Csrf.Ensure(session.Data);
        await session.SaveAsync();
    }

    private static async Task<IResult> Logout(HttpContext context)
    {
        (IronSession<AppSession> session, IResult? refusal) = await PostedAsync(context);
        if (refusal is not null)
        {
            return refusal;
        }

        session.Destroy();
        return Results.Redirect("/?signedout=1");
    }

    private static async Task<IResult> Profile(HttpContext context)
    {
        IronSession<AppSession> session = await context.GetIronSessionAsync<AppSession>();
        if (session.Data.User is not { } user)
        {
            return Results.Redirect("/login?returnUrl=%2Fprofile");
        }

        string? flash = await TakeFlashAsync(session);
        string onboarding = session.Data.Onboarding is { Completed: true } done
            ? $"<p id=\"onboarding-status\">Onboarding complete: {Html.E(done.DisplayName)}, team {Html.E(done.Team)}, plan {Html.E(done.Plan)}.</p>"
            : "<p id=\"onboarding-status\">Onboarding not finished. <a href=\"/onboarding\">Continue</a></p>";
        string expires = session.ExpiresAt is { } at ? at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "now (new cookie)";
        string body = $"<p id=\"profile\">Login <code>{Html.E(user.Login)}</code>, id {Html.E(user.Id)}.</p>{onboarding}" +
            $"<h2>Cart</h2>{Html.Cart(session.Data)}<p>The session cookie this request carried expires {Html.E(expires)}.</p>";
        return Html.Page($"Profile of {user.Name}", session.Data, body, flash);
    }

    private static async Task<IResult> AddToCart(HttpContext context)
    {
        (IronSession<AppSession> session, IResult? refusal) = await PostedAsync(context);
        if (refusal is not null)
        {
            return refusal;
        }

        IFormCollection form = context.Request.Form;
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
        try
        {
            await session.SaveAsync();
        }
        catch (InvalidOperationException exception)
        {
            // The session cookie would exceed what browsers accept: say so, and keep the cookie the browser has.
            return Html.Page("Cart full", session.Data, $"<p class=\"error\" id=\"too-big\">Your cart no longer fits in the session cookie. {Html.E(exception.Message)}</p>", statusCode: 413);
        }

        return Results.Redirect("/");
    }

    private static async Task<IResult> OnboardingForm(HttpContext context)
    {
        IronSession<AppSession> session = await context.GetIronSessionAsync<AppSession>();
        if (session.Data.User is null)
        {
            return Results.Redirect("/login?returnUrl=%2Fonboarding");
        }

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

    private static async Task<IResult> Onboarding(HttpContext context)
    {
        (IronSession<AppSession> session, IResult? refusal) = await PostedAsync(context);
        if (refusal is not null)
        {
            return refusal;
        }

        if (session.Data.User is null)
        {
            return Results.Redirect("/login?returnUrl=%2Fonboarding");
        }

        IFormCollection form = context.Request.Form;
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
    private static async Task<IResult> ApiSession(HttpContext context)
    {
        IronSession<AppSession> session = await context.GetIronSessionAsync<AppSession>();
        return session.Data.User is { } user
            ? Results.Json(new SessionResponse(true, user), SampleJsonContext.Default.SessionResponse)
            : Results.Json(new SessionResponse(false, null), SampleJsonContext.Default.SessionResponse);
    }

    private static async Task<IResult> ApiSignOut(HttpContext context)
    {
        IronSession<AppSession> session = await context.GetIronSessionAsync<AppSession>();
        session.Destroy();
        return Results.Json(new SessionResponse(false, null), SampleJsonContext.Default.SessionResponse);
    }
}
