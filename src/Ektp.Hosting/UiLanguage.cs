using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ektp.Hosting;

/// <summary>
/// The language of the operator pages of every server: Bahasa Indonesia unless the request asks for English,
/// by `?lang=en` or by the `lang` cookie that such a request leaves behind.
/// </summary>
public static class UiLanguage
{
    public const string CookieName = "lang";

    /// <summary>"en" when the request's query or cookie asks for English, else "id".</summary>
    public static string Of(HttpContext? context)
    {
        var query = context?.Request.Query["lang"].ToString();
        var value = !string.IsNullOrEmpty(query) ? query : context?.Request.Cookies[CookieName];
        return value == "en" ? "en" : "id";
    }

    /// <summary>`?lang=id|en` switches the language and remembers it in a cookie for a year.</summary>
    public static WebApplication UseLanguageCookie(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var lang = context.Request.Query["lang"].ToString();
            if (lang is "id" or "en")
            {
                context.Response.Cookies.Append(CookieName, lang,
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            }

            await next(context);
        });
        return app;
    }
}
