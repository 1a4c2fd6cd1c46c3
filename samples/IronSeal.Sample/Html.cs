using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace IronSeal.Sample;

/// <summary>Server-rendered pages: plain HTML, every value encoded.</summary>
public static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Price(decimal price) => price.ToString("0.00", CultureInfo.InvariantCulture);

    public static string CsrfField(AppSession session) => $"<input type=\"hidden\" name=\"{Csrf.FieldName}\" value=\"{E(session.CsrfToken)}\">";

    public static IResult Page(string title, AppSession session, string body, string? flash = null, int statusCode = 200)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append(" · IronSeal sample</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}")
            .Append("nav a,nav form{margin-right:1rem;display:inline}.flash{background:#e7f5e7;border:1px solid #9c9;padding:.5rem 1rem}")
            .Append(".error{background:#fbe9e9;border:1px solid #c99;padding:.5rem 1rem}table{border-collapse:collapse}td,th{padding:.25rem .75rem;border-bottom:1px solid #ddd}</style></head><body>")
            .Append("<nav><a href=\"/\">Home</a><a href=\"/profile\">Profile</a><a href=\"/onboarding\">Onboarding</a><a href=\"/api/session\">/api/session</a>");
        if (session.User is { } user)
        {
            html.Append("<a href=\"/admin\">Admin</a><span id=\"who\">Signed in as <strong>").Append(E(user.Name)).Append("</strong></span> ")
                .Append("<form method=\"post\" action=\"/logout\">").Append(CsrfField(session)).Append("<button id=\"sign-out\">Sign out</button></form>");
        }
        else
        {
            html.Append("<span id=\"who\">Guest</span> <a id=\"sign-in\" href=\"/login\">Sign in</a>");
        }

        html.Append("</nav><h1>").Append(E(title)).Append("</h1>");
        if (flash is not null)
        {
            html.Append("<p class=\"flash\" id=\"flash\">").Append(E(flash)).Append("</p>");
        }

        html.Append(body).Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    public static string Cart(AppSession session)
    {
        if (session.Cart.Count == 0)
        {
            return "<p id=\"cart\">Your cart is empty.</p>";
        }

        var html = new StringBuilder("<table id=\"cart\"><tr><th>Item</th><th>Qty</th><th>Note</th></tr>");
        foreach (CartLine line in session.Cart)
        {
            html.Append("<tr><td>").Append(E(Catalog.Find(line.Sku)?.Name ?? line.Sku)).Append("</td><td class=\"qty\">")
                .Append(line.Quantity.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(line.Note)).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }
}
