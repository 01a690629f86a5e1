using System.Globalization;
using System.Security.Claims;
using Ektp.Hosting.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ektp.Hosting.Security;

/// <summary>
/// Checks a user name, password and (when the account has one) TOTP code the same way for the sign-in page and
/// `POST /api/auth/token`: a wrong password counts towards the lockout; an unknown user and a wrong password get the
/// same answer. Every attempt is written to the audit log under the account it was for (as stored, never as typed:
/// a name no account has is written as <c>?</c>, since it may be a password typed into the wrong box): a sign-in,
/// a failure, the failure that locks the account.
/// </summary>
internal sealed class TokenIssuer(
    UserManager<EktpUser> users,
    SignInManager<EktpUser> signIn,
    IOptionsMonitor<BearerTokenOptions> bearer,
    AuditTrail audit)
{
    public const string MustChangePasswordClaim = "ektp:must-change-password";

    /// <summary>What the check is for, written to the audit entry: a bearer token, the sign-in page, or a change
    /// of password (which is no sign-in when it succeeds).</summary>
    public const string ForToken = "token";
    public const string ForBrowser = "browser";
    public const string ForPasswordChange = "password-change";

    public async Task<SignInCheck> CheckAsync(string? userName, string? password, string? code,
        string purpose = ForToken)
    {
        var check = await CheckCredentialsAsync(userName, password, code);
        await AuditAsync(check, purpose);
        return check;
    }

    private async Task<SignInCheck> CheckCredentialsAsync(string? userName, string? password, string? code)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > 256)
        {
            return new SignInCheck(SignInOutcome.Failed, null, "credentials missing");
        }

        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            return new SignInCheck(SignInOutcome.Failed, null, "no such account");
        }

        var lockedBefore = await users.IsLockedOutAsync(user);
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return new SignInCheck(SignInOutcome.LockedOut, user, lockedBefore ? "account locked" : null,
                LockedNow: !lockedBefore);
        }

        if (!result.Succeeded)
        {
            var failures = await users.GetAccessFailedCountAsync(user);
            return new SignInCheck(SignInOutcome.Failed, user, string.Create(CultureInfo.InvariantCulture,
                $"wrong password ({failures} of {SecuritySetup.MaxFailedAttempts})"));
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
                return await users.IsLockedOutAsync(user)
                    ? new SignInCheck(SignInOutcome.LockedOut, user, null, LockedNow: true)
                    : new SignInCheck(SignInOutcome.Failed, user, "wrong authenticator code");
            }
        }

        return new SignInCheck(user.MustChangePassword ? SignInOutcome.MustChangePassword : SignInOutcome.Succeeded,
            user);
    }

    private async Task AuditAsync(SignInCheck check, string purpose)
    {
        var (action, detail) = check.Outcome switch
        {
            SignInOutcome.Succeeded when purpose == ForPasswordChange => (null, null),
            SignInOutcome.Succeeded => (AuditActions.Login, purpose),
            SignInOutcome.MustChangePassword when purpose == ForPasswordChange => (null, null),
            SignInOutcome.MustChangePassword when purpose == ForBrowser =>
                (AuditActions.Login, purpose + ", one-time password: must change it"),
            SignInOutcome.MustChangePassword =>
                (AuditActions.LoginFailed, purpose + ", refused: one-time password not changed yet"),
            SignInOutcome.CodeNeeded => (null, null), // the password was right; the code comes next
            SignInOutcome.LockedOut when check.LockedNow => (AuditActions.Lockout, string.Create(
                CultureInfo.InvariantCulture,
                $"{purpose}, locked for {SecuritySetup.LockoutTime.TotalMinutes:0} minutes after {SecuritySetup.MaxFailedAttempts} failures")),
            _ => (AuditActions.LoginFailed, $"{purpose}, {check.Why ?? "refused"}"),
        };
        if (action is null)
        {
            return;
        }

        var roles = check.User is null ? "" : string.Join(',', (await users.GetRolesAsync(check.User)).Order(StringComparer.Ordinal));
        var actor = audit.Actor.As(check.User?.UserName ?? "?", roles);

        // Written even when the caller hangs up: a guess of a password must leave its trace.
        await audit.RecordAsync(actor, [new AuditEvent(action, null, detail)], CancellationToken.None);
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

/// <param name="Why">Why it failed, for the audit entry (no typed name, no password).</param>
/// <param name="LockedNow">This very attempt locked the account.</param>
internal sealed record SignInCheck(SignInOutcome Outcome, EktpUser? User, string? Why = null, bool LockedNow = false);
