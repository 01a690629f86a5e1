using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ektp.Hosting.Security;

/// <summary>
/// Checks a user name, password and (when the account has one) TOTP code the same way for the sign-in page and
/// `POST /api/auth/token`: a wrong password counts towards the lockout; an unknown user and a wrong password get the
/// same answer.
/// </summary>
internal sealed class TokenIssuer(
    UserManager<EktpUser> users,
    SignInManager<EktpUser> signIn,
    IOptionsMonitor<BearerTokenOptions> bearer)
{
    public const string MustChangePasswordClaim = "ektp:must-change-password";

    public async Task<SignInCheck> CheckAsync(string? userName, string? password, string? code)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > 256)
        {
            return new SignInCheck(SignInOutcome.Failed, null);
        }

        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            return new SignInCheck(SignInOutcome.Failed, null);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return new SignInCheck(SignInOutcome.LockedOut, user);
        }

        if (!result.Succeeded)
        {
            return new SignInCheck(SignInOutcome.Failed, user);
        }

        if (user.TwoFactorEnabled)
        {
            var clean = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
            if (clean.Length == 0)
            {
                return new SignInCheck(SignInOutcome.CodeNeeded, user);
            }

            if (!await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, clean))
            {
                await users.AccessFailedAsync(user);
                return new SignInCheck(await users.IsLockedOutAsync(user) ? SignInOutcome.LockedOut : SignInOutcome.Failed,
                    user);
            }
        }

        return new SignInCheck(user.MustChangePassword ? SignInOutcome.MustChangePassword : SignInOutcome.Succeeded,
            user);
    }

    /// <summary>A bearer token for the account, sealed with the server's data-protection keys.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(EktpUser user)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var options = bearer.Get(IdentityConstants.BearerScheme);
        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow(); // the clock the handler checks with
        var expires = now + SecuritySetup.TokenLifetime;
        var ticket = new AuthenticationTicket(principal,
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expires }, IdentityConstants.BearerScheme);
        return (options.BearerTokenProtector.Protect(ticket), expires);
    }

    /// <summary>Signs the browser in with the cookie; a one-time password leaves a claim that sends every page to
    /// the change-password form first.</summary>
    public Task SignInCookieAsync(EktpUser user) => user.MustChangePassword
        ? signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(MustChangePasswordClaim, "1")])
        : signIn.SignInAsync(user, isPersistent: false);
}

internal enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    CodeNeeded,
    MustChangePassword,
}

internal sealed record SignInCheck(SignInOutcome Outcome, EktpUser? User);
