using IronSeal;
using IronSeal.Blazor;
using IronSeal.Blazor.Components;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

// `dotnet run --project samples/IronSeal.Blazor` serves http://127.0.0.1:5090 (Properties/launchSettings.json).
const string DevelopmentPassword = "development-only-password-never-use-in-production-0123456789";
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents()
    .AddInteractiveWebAssemblyComponents()
    .AddAuthenticationStateSerialization(); // the user's name and role to WebAssembly components, never the cookie

// The main sample's session: same "IronSession" settings, cookie and password, so both apps (and a Node app with
// iron-session) share one sign-in.
builder.Services.AddIronSession<AppSession>(BlazorJsonContext.Default.AppSession);
builder.Services.AddAuthentication(IronSessionAuthenticationDefaults.AuthenticationScheme)
    .AddIronSession<AppSession>(options =>
    {
        options.LoginPath = "/login";
        options.GetClaims = session => session.User?.ToClaims();
        options.SignIn = (session, principal) => session.User = SessionUser.FromClaims(principal);
        options.Events.OnSigningIn = context =>
        {
            context.Data.Cart = context.PreviousData?.Cart ?? []; // a guest's cart follows the user in
            return Task.CompletedTask;
        };
    });
builder.Services.AddAuthorization();

// Interactive server circuits: the user the scheme authenticated, signed out once the session expires (checked every
// Circuit:RevalidationInterval).
builder.Services.AddIronSessionAuthenticationState(options =>
    builder.Configuration.GetSection("Circuit").Bind(options));

if (!builder.Environment.IsDevelopment())
{
    builder.Services.AddOptions<IronSessionSettings>(IronSessionSettings.OptionsName<AppSession>())
        .Validate(settings => settings.Password != DevelopmentPassword && !settings.Passwords.ContainsValue(DevelopmentPassword),
            "IronSeal: the development password is not allowed outside Development. Set IronSession:Password (e.g. the environment variable IronSession__Password) to 32+ random characters.");
}

WebApplication app = builder.Build();
if (app.Environment.IsDevelopment())
{
    app.UseWebAssemblyDebugging();
}
else
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .AddInteractiveWebAssemblyRenderMode()
    .AddAdditionalAssemblies(typeof(IronSeal.Blazor.Client._Imports).Assembly);

// Sign-out is a form post (with the antiforgery token Blazor forms carry), never a link or a circuit call.
app.MapPost("/account/logout", async (HttpContext context, [FromForm] string? returnUrl) =>
{
    await context.SignOutAsync(IronSessionAuthenticationDefaults.AuthenticationScheme);
    return Results.LocalRedirect(LocalUrl.Or(returnUrl, "/?signedout=1"));
});

app.Run();
