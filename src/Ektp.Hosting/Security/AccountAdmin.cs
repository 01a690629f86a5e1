using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ektp.Hosting.Security;

/// <summary>
/// Account administration outside a request: `ektp user add|reset|lock|unlock` and `ektp demo`'s accounts. Runs
/// Identity over the server's database without starting the server.
/// </summary>
public sealed class AccountAdmin : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;
    private readonly ServerKind _kind;

    private AccountAdmin(ServiceProvider services, ServerKind kind)
    {
        _services = services;
        _scope = services.CreateAsyncScope();
        _kind = kind;
        Users = _scope.ServiceProvider.GetRequiredService<UserManager<EktpUser>>();
        Roles = _scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
    }

    private UserManager<EktpUser> Users { get; }
    private RoleManager<IdentityRole> Roles { get; }

    /// <summary>Identity over a database the caller opens (and has migrated).</summary>
    public static AccountAdmin Open<TContext>(Func<TContext> createContext, ServerKind kind, TimeProvider? clock = null)
        where TContext : DbContext
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddScoped(_ => createContext());
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider()); // no tokens made here
        services.AddIdentityCore<EktpUser>(SecuritySetup.ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TContext>()
            .AddDefaultTokenProviders();
        return new AccountAdmin(services.BuildServiceProvider(), kind);
    }

    /// <summary>
    /// Adds an account with one role. Without a password, a one-time password is made and returned: it must be
    /// changed at the first sign-in (so is a password given here, unless <paramref name="mustChange"/> is false).
    /// </summary>
    public async Task<string> AddAsync(string userName, string role, string? password = null, bool mustChange = true,
        string? fullName = null)
    {
        CheckRole(role);
        if (await Users.FindByNameAsync(userName) is not null)
        {
            throw new AccountException($"The account '{userName}' already exists.");
        }

        password ??= OneTimePassword();
        var user = new EktpUser
        {
            UserName = userName,
            FullName = fullName,
            MustChangePassword = mustChange,
            CreatedAt = DateTime.UtcNow,
        };
        Check(await Users.CreateAsync(user, password));
        await EnsureRoleAsync(role);
        Check(await Users.AddToRoleAsync(user, role));
        return password;
    }

    /// <summary>Makes sure an account exists with these roles; true when it was created (with this password, to be
    /// changed at the first sign-in when <paramref name="mustChange"/>), false when it was there already.</summary>
    public async Task<bool> EnsureAsync(string userName, IEnumerable<string> roles, string password, bool mustChange)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var list = roles.ToList();
        var created = await Users.FindByNameAsync(userName) is null;
        if (created)
        {
            await AddAsync(userName, list[0], password, mustChange);
        }

        foreach (var role in list)
        {
            await AddRoleAsync(userName, role);
        }

        return created;
    }

    /// <summary>Adds a role to an existing account.</summary>
    public async Task AddRoleAsync(string userName, string role)
    {
        CheckRole(role);
        var user = await FindAsync(userName);
        await EnsureRoleAsync(role);
        if (!await Users.IsInRoleAsync(user, role))
        {
            Check(await Users.AddToRoleAsync(user, role));
        }
    }

    /// <summary>A new one-time password (returned), unlocked, second factor kept.</summary>
    public async Task<string> ResetAsync(string userName, string? password = null, bool mustChange = true)
    {
        var user = await FindAsync(userName);
        password ??= OneTimePassword();
        Check(await Users.RemovePasswordAsync(user));
        Check(await Users.AddPasswordAsync(user, password));
        user.MustChangePassword = mustChange;
        Check(await Users.UpdateAsync(user));
        Check(await Users.SetLockoutEndDateAsync(user, null));
        Check(await Users.ResetAccessFailedCountAsync(user));
        return password;
    }

    /// <summary>Locks the account until unlocked (or until <paramref name="until"/>).</summary>
    public async Task LockAsync(string userName, DateTimeOffset? until = null)
    {
        var user = await FindAsync(userName);
        Check(await Users.SetLockoutEnabledAsync(user, true));
        Check(await Users.SetLockoutEndDateAsync(user, until ?? DateTimeOffset.MaxValue));
        Check(await Users.UpdateSecurityStampAsync(user));
    }

    public async Task UnlockAsync(string userName)
    {
        var user = await FindAsync(userName);
        Check(await Users.SetLockoutEndDateAsync(user, null));
        Check(await Users.ResetAccessFailedCountAsync(user));
    }

    /// <summary>Every account with its roles and whether it is locked, for `ektp user list`.</summary>
    public async Task<IReadOnlyList<AccountView>> ListAsync()
    {
        var list = new List<AccountView>();
        foreach (var user in await Users.Users.OrderBy(u => u.UserName).ToListAsync())
        {
            list.Add(new AccountView(user.UserName!, [.. await Users.GetRolesAsync(user)],
                user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow, user.MustChangePassword,
                user.TwoFactorEnabled));
        }

        return list;
    }

    /// <summary>16 characters from an alphabet without look-alikes, with at least one digit and one lower-case
    /// letter (Identity's rules).</summary>
    public static string OneTimePassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyz";
        const string digits = "23456789";
        const string all = letters + digits;
        Span<char> chars = stackalloc char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        chars[RandomNumberGenerator.GetInt32(8)] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[8 + RandomNumberGenerator.GetInt32(8)] = letters[RandomNumberGenerator.GetInt32(letters.Length)];
        return new string(chars);
    }

    private void CheckRole(string role)
    {
        if (!EktpRoles.Of(_kind).Contains(role))
        {
            throw new AccountException(
                $"'{role}' is not a role of the {(_kind == ServerKind.Central ? "central" : "regional")} server " +
                $"(use {string.Join(", ", EktpRoles.Of(_kind))}).");
        }
    }

    private async Task EnsureRoleAsync(string role)
    {
        if (!await Roles.RoleExistsAsync(role))
        {
            Check(await Roles.CreateAsync(new IdentityRole(role)));
        }
    }

    private async Task<EktpUser> FindAsync(string userName) =>
        await Users.FindByNameAsync(userName) ?? throw new AccountException($"There is no account '{userName}'.");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new AccountException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }
}

public sealed record AccountView(string User, IReadOnlyList<string> Roles, bool Locked, bool MustChangePassword,
    bool TwoFactorEnabled);

/// <summary>An account operation refused (unknown user, taken name, weak password, unknown role).</summary>
public sealed class AccountException(string message) : Exception(message);
