using Microsoft.AspNetCore.Identity;

namespace Ektp.Hosting.Security;

/// <summary>
/// A staff account (ASP.NET Core Identity): user name, hashed password, lockout, optional TOTP second factor, roles.
/// An account made by an administrator (or by `ektp demo`) starts with a one-time password that must be changed
/// before anything else.
/// </summary>
public sealed class EktpUser : IdentityUser
{
    /// <summary>Set on a new or reset account: the next sign-in must choose a new password first.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>The person's name as shown in the audit trail and the pages (not used to sign in).</summary>
    public string? FullName { get; set; }

    public DateTime CreatedAt { get; set; }
}
