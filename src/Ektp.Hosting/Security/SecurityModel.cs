using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Hosting.Security;

/// <summary>Identity's tables under the names the rest of the schema uses (lower case, no AspNet prefix).</summary>
public static class SecurityModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<EktpUser>(b =>
        {
            b.ToTable("users");
            b.Property(u => u.FullName).HasMaxLength(120);
        });
        modelBuilder.Entity<IdentityRole>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
    }
}
