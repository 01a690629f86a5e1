using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Ektp.Hosting.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Ektp.Hosting.Security;

/// <summary>
/// Sign-in, sign-out, change of password and TOTP set-up for the browser (plain HTML forms with antiforgery
/// tokens, Bahasa Indonesia first), and the API's `POST /api/auth/token`, `POST /api/auth/password` and
/// `GET /api/auth/me`. Shared by both servers.
/// </summary>
public static class AccountPages
{
    public const string LoginPath = "/masuk";
    public const string LogoutPath = "/keluar";
    public const string PasswordPath = "/akun/sandi";
    public const string TwoFactorPath = "/akun/2fa";
    public const string DeniedPath = "/masuk/ditolak";

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LoginPath, (HttpContext context, IAntiforgery antiforgery, string? kembali) =>
                Html(context, LoginForm(context, antiforgery, kembali, null, false)))
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost(LoginPath, SignInAsync).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost(LogoutPath, async (HttpContext context, IAntiforgery antiforgery) =>
            {
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    return Results.BadRequest();
                }

                await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                return Results.Redirect(LoginPath);
            })
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(DeniedPath, (HttpContext context) =>
            {
                var en = UiLanguage.Of(context) == "en";
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Html(context, Page(context, en ? "Access denied" : "Akses ditolak",
                    $"<p>{(en ? "Your account's role does not allow this page." : "Peran akun Anda tidak mengizinkan halaman ini.")}</p><p><a href=\"/\">{(en ? "Home" : "Beranda")}</a></p>"));
            })
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(PasswordPath, (HttpContext context, IAntiforgery antiforgery) =>
                Html(context, PasswordForm(context, antiforgery, null)))
            .RequireAuthorization(EktpPolicies.Staff).ExcludeFromDescription();
        endpoints.MapPost(PasswordPath, ChangePasswordFormAsync)
            .RequireAuthorization(EktpPolicies.Staff).ExcludeFromDescription();
        endpoints.MapGet(TwoFactorPath, TwoFactorFormAsync)
            .RequireAuthorization(EktpPolicies.Staff).ExcludeFromDescription();
        endpoints.MapPost(TwoFactorPath, EnableTwoFactorAsync)
            .RequireAuthorization(EktpPolicies.Staff).ExcludeFromDescription();

        var api = endpoints.MapGroup("/api/auth").WithTags("Accounts");
        api.MapPost("/token", TokenAsync).AllowAnonymous().DisableAntiforgery().WithName("IssueToken")
            .WithSummary("A bearer token for API clients: { user, password, code? } → { accessToken, expiresAt }");
        api.MapPost("/password", ChangePasswordApiAsync).AllowAnonymous().DisableAntiforgery()
            .WithName("ChangePassword")
            .WithSummary("Change a password (required after a one-time password): { user, password, newPassword, code? }");
        api.MapGet("/me", async (HttpContext context, UserManager<EktpUser> users) =>
            {
                var user = await users.GetUserAsync(context.User);
                return user is null
                    ? Results.Unauthorized()
                    : Results.Ok(new MeResponse(user.UserName!, [.. await users.GetRolesAsync(user)],
                        user.TwoFactorEnabled));
            })
            .RequireAuthorization(EktpPolicies.Staff).WithName("WhoAmI")
            .WithSummary("The signed-in account: { user, roles, twoFactorEnabled }");
        return endpoints;
    }

    private static async Task<IResult> TokenAsync(TokenRequest? body, TokenIssuer issuer)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.User) || string.IsNullOrEmpty(body.Password))
        {
            return Problems.BadRequest("credentials-missing", "User and password are required.",
                "Send { \"user\": \"…\", \"password\": \"…\" } (and \"code\" when the account uses an authenticator).");
        }

        var check = await issuer.CheckAsync(body.User, body.Password, body.Code);
        switch (check.Outcome)
        {
            case SignInOutcome.Succeeded:
                var (token, expires) = await issuer.IssueAsync(check.User!);
                return Results.Ok(new TokenResponse(token, expires));
            case SignInOutcome.MustChangePassword:
                return Problems.Of(StatusCodes.Status403Forbidden, "password-change-required",
                    "The password must be changed first.",
                    "This account still has its one-time password: change it with POST /api/auth/password or on the " +
                    "sign-in page, then ask for a token.");
            default:
                return SignInRefusal(check.Outcome);
        }
    }

    private static async Task<IResult> ChangePasswordApiAsync(PasswordRequest? body, TokenIssuer issuer,
        UserManager<EktpUser> users, AuditTrail audit)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.User) || string.IsNullOrEmpty(body.Password) ||
            string.IsNullOrEmpty(body.NewPassword))
        {
            return Problems.BadRequest("credentials-missing", "User, password and new password are required.",
                "Send { \"user\", \"password\", \"newPassword\" } (and \"code\" with an authenticator).");
        }

        var check = await issuer.CheckAsync(body.User, body.Password, body.Code, TokenIssuer.ForPasswordChange);
        if (check.Outcome is not (SignInOutcome.Succeeded or SignInOutcome.MustChangePassword))
        {
            return SignInRefusal(check.Outcome);
        }

        var errors = await ChangeAsync(users, audit, check.User!, body.Password, body.NewPassword);
        return errors is null
            ? Results.NoContent()
            : Problems.Unprocessable("password-weak", "The new password is not accepted.", errors);
    }

    private static ProblemHttpResult SignInRefusal(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.LockedOut => Problems.Of(StatusCodes.Status423Locked, "account-locked",
            "The account is locked.",
            $"Too many failed sign-ins: try again in {SecuritySetup.LockoutTime.TotalMinutes:0} minutes, or ask an " +
            "administrator to unlock it."),
        SignInOutcome.CodeNeeded => Problems.Of(StatusCodes.Status401Unauthorized, "code-required",
            "The authenticator code is required.", "This account uses a second factor: send its 6-digit \"code\"."),
        _ => Problems.Of(StatusCodes.Status401Unauthorized, "login-failed", "Sign-in failed.",
            "The user name, password or code is wrong."),
    };

    /// <summary>Null when changed; otherwise why not (Identity's password rules, in one line).</summary>
    private static async Task<string?> ChangeAsync(UserManager<EktpUser> users, AuditTrail audit, EktpUser user,
        string current, string next)
    {
        if (string.Equals(current, next, StringComparison.Ordinal))
        {
            return "The new password must differ from the old one.";
        }

        var result = await users.ChangePasswordAsync(user, current, next);
        if (!result.Succeeded)
        {
            return string.Join(" ", result.Errors.Select(e => e.Description));
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        var roles = string.Join(',', (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal));
        await audit.RecordAsync(audit.Actor.As(user.UserName!, roles), [new AuditEvent(AuditActions.PasswordChange)],
            CancellationToken.None);
        return null;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, TokenIssuer issuer)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        var form = await context.Request.ReadFormAsync();
        var back = form["kembali"].ToString();
        var check = await issuer.CheckAsync(form["user"], form["password"], form["code"], TokenIssuer.ForBrowser);
        var en = UiLanguage.Of(context) == "en";
        switch (check.Outcome)
        {
            case SignInOutcome.Succeeded:
                await issuer.SignInCookieAsync(check.User!);
                return Results.Redirect(IsLocal(back) ? back : "/");
            case SignInOutcome.MustChangePassword:
                await issuer.SignInCookieAsync(check.User!);
                return Results.Redirect(PasswordPath);
            case SignInOutcome.CodeNeeded:
                return Html(context, LoginForm(context, antiforgery, back,
                    en ? "Enter the code from your authenticator app." : "Masukkan kode dari aplikasi autentikator.",
                    true));
            case SignInOutcome.LockedOut:
                context.Response.StatusCode = StatusCodes.Status423Locked;
                return Html(context, LoginForm(context, antiforgery, back,
                    en
                        ? $"Too many failed sign-ins: the account is locked for {SecuritySetup.LockoutTime.TotalMinutes:0} minutes."
                        : $"Terlalu banyak percobaan gagal: akun dikunci selama {SecuritySetup.LockoutTime.TotalMinutes:0} menit.",
                    false));
            default:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Html(context, LoginForm(context, antiforgery, back,
                    en ? "The user name, password or code is wrong." : "Nama pengguna, kata sandi, atau kode salah.",
                    false));
        }
    }

    private static async Task<IResult> ChangePasswordFormAsync(HttpContext context, IAntiforgery antiforgery,
        UserManager<EktpUser> users, TokenIssuer issuer, AuditTrail audit)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        var form = await context.Request.ReadFormAsync();
        var en = UiLanguage.Of(context) == "en";
        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            return Results.Redirect(LoginPath);
        }

        string? error = form["newPassword"] != form["repeat"]
            ? en ? "The two new passwords differ." : "Kedua kata sandi baru tidak sama."
            : await ChangeAsync(users, audit, user, form["password"].ToString(), form["newPassword"].ToString());
        if (error is not null)
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Html(context, PasswordForm(context, antiforgery, error));
        }

        await issuer.SignInCookieAsync(user); // the new cookie has no must-change claim
        return Results.Redirect("/");
    }

    private static async Task<IResult> TwoFactorFormAsync(HttpContext context, IAntiforgery antiforgery,
        UserManager<EktpUser> users)
    {
        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            return Results.Redirect(LoginPath);
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        return Html(context, TwoFactorForm(context, antiforgery, user, key!, null));
    }

    private static async Task<IResult> EnableTwoFactorAsync(HttpContext context, IAntiforgery antiforgery,
        UserManager<EktpUser> users)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            return Results.Redirect(LoginPath);
        }

        var form = await context.Request.ReadFormAsync();
        var code = form["code"].ToString().Replace(" ", "", StringComparison.Ordinal);
        var en = UiLanguage.Of(context) == "en";
        if (!await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, code))
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Html(context, TwoFactorForm(context, antiforgery, user, (await users.GetAuthenticatorKeyAsync(user))!,
                en ? "The code is wrong; check the phone's clock and try again." : "Kode salah; periksa jam ponsel dan coba lagi."));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return Html(context, Page(context, en ? "Second factor on" : "Faktor kedua aktif",
            $"<p>{(en ? "From now on, sign-in asks for the authenticator's code." : "Mulai sekarang, masuk memerlukan kode autentikator.")}</p><p><a href=\"/\">{(en ? "Home" : "Beranda")}</a></p>"));
    }

    private static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static string Token(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken ?? "")}\" />";
    }

    private static string LoginForm(HttpContext context, IAntiforgery antiforgery, string? back, string? message,
        bool askCode)
    {
        var en = UiLanguage.Of(context) == "en";
        var html = new StringBuilder();
        if (message is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\">{E(message)}</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="{LoginPath}" id="login">
            {Token(context, antiforgery)}
            <input type="hidden" name="kembali" value="{E(back ?? "")}" />
            <div><label for="user">{(en ? "User name" : "Nama pengguna")}</label><input id="user" name="user" required maxlength="256" autocomplete="username" /></div>
            <div><label for="password">{(en ? "Password" : "Kata sandi")}</label><input id="password" name="password" type="password" required autocomplete="current-password" /></div>
            <div><label for="code">{(en ? "Authenticator code (if enabled)" : "Kode autentikator (jika aktif)")}</label><input id="code" name="code" inputmode="numeric" maxlength="8" autocomplete="one-time-code" {(askCode ? "autofocus" : "")} /></div>
            <button type="submit">{(en ? "Sign in" : "Masuk")}</button>
            </form>
            """);
        return Page(context, en ? "Sign in" : "Masuk", html.ToString());
    }

    private static string PasswordForm(HttpContext context, IAntiforgery antiforgery, string? error)
    {
        var en = UiLanguage.Of(context) == "en";
        var must = context.User.HasClaim(c => c.Type == TokenIssuer.MustChangePasswordClaim);
        var intro = must
            ? en ? "This account has a one-time password: choose your own before going on." : "Akun ini memakai kata sandi sekali pakai: buat kata sandi Anda sendiri sebelum melanjutkan."
            : "";
        return Page(context, en ? "Change password" : "Ganti kata sandi", $"""
            {(intro.Length > 0 ? $"<p>{E(intro)}</p>" : "")}
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
            <p>{(en ? "At least 10 characters, with a lower-case letter and a digit." : "Minimal 10 karakter, dengan huruf kecil dan angka.")}</p>
            <form method="post" action="{PasswordPath}" id="password-form">
            {Token(context, antiforgery)}
            <div><label for="password">{(en ? "Current password" : "Kata sandi sekarang")}</label><input id="password" name="password" type="password" required autocomplete="current-password" /></div>
            <div><label for="newPassword">{(en ? "New password" : "Kata sandi baru")}</label><input id="newPassword" name="newPassword" type="password" required minlength="10" autocomplete="new-password" /></div>
            <div><label for="repeat">{(en ? "New password again" : "Ulangi kata sandi baru")}</label><input id="repeat" name="repeat" type="password" required minlength="10" autocomplete="new-password" /></div>
            <button type="submit">{(en ? "Change" : "Ganti")}</button>
            </form>
            """);
    }

    private static string TwoFactorForm(HttpContext context, IAntiforgery antiforgery, EktpUser user, string key,
        string? error)
    {
        var en = UiLanguage.Of(context) == "en";
        var issuer = context.RequestServices.GetService(typeof(SecurityInfo)) is SecurityInfo { Kind: ServerKind.Central }
            ? "ektp-pusat"
            : "ektp-daerah";
        var uri = $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(user.UserName!)}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6";
        var grouped = string.Join(' ', key.Chunk(4).Select(c => new string(c)));
        return Page(context, en ? "Second factor (TOTP)" : "Faktor kedua (TOTP)", $"""
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
            <p>{(en ? "Add this key to an authenticator app (time-based, 6 digits), then enter the code it shows." : "Tambahkan kunci ini ke aplikasi autentikator (berbasis waktu, 6 digit), lalu masukkan kode yang ditampilkan.")}</p>
            <p><code id="key">{E(grouped)}</code></p>
            <p><code id="uri">{E(uri)}</code></p>
            <p>{(user.TwoFactorEnabled ? (en ? "The second factor is already on." : "Faktor kedua sudah aktif.") : "")}</p>
            <form method="post" action="{TwoFactorPath}">
            {Token(context, antiforgery)}
            <div><label for="code">{(en ? "Code" : "Kode")}</label><input id="code" name="code" inputmode="numeric" maxlength="8" required autocomplete="one-time-code" /></div>
            <button type="submit">{(en ? "Turn on" : "Aktifkan")}</button>
            </form>
            """);
    }

    private static string Page(HttpContext context, string title, string body)
    {
        var lang = UiLanguage.Of(context);
        var server = context.RequestServices.GetService(typeof(SecurityInfo)) is SecurityInfo { Kind: ServerKind.Central }
            ? "ektp · pusat"
            : "ektp · Disdukcapil";
        return $"""
            <!DOCTYPE html>
            <html lang="{lang}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{E(title)} · {E(server)}</title>
            <style>body{"{"}font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem{"}"} label{"{"}display:block;margin-top:.8rem{"}"} input{"{"}width:100%;padding:.4rem;box-sizing:border-box{"}"} button{"{"}margin-top:1rem;padding:.5rem 1.2rem{"}"} .error{"{"}color:#a00{"}"} code{"{"}word-break:break-all{"}"}</style>
            </head><body><h1>{E(title)}</h1><p><small>{E(server)} · <a href="?lang={(lang == "en" ? "id" : "en")}">{(lang == "en" ? "Bahasa Indonesia" : "English")}</a></small></p>
            {body}
            </body></html>
            """;
    }

    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    private static ContentHttpResult Html(HttpContext context, string html)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, context.Response.StatusCode);
    }
}

internal sealed record TokenRequest(string? User, string? Password, string? Code);

internal sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

internal sealed record PasswordRequest(string? User, string? Password, string? NewPassword, string? Code);

internal sealed record MeResponse(string User, IReadOnlyList<string> Roles, bool TwoFactorEnabled);
