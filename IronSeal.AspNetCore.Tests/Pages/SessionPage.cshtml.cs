using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IronSeal.AspNetCore.Tests.Pages;

/// <summary>A Razor Page that takes the session in its constructor and is open only to signed-in users.</summary>
[Authorize]
public sealed class SessionPageModel(IronSession<AuthSession> session) : PageModel
{
    public int Count { get; private set; }

    public bool Same { get; private set; }

    public async Task OnGetAsync()
    {
        session.Data.Visits++;
        await session.SaveAsync();
        Count = session.Data.Visits;
        Same = ReferenceEquals(session, await HttpContext.GetIronSessionAsync<AuthSession>());
    }
}
