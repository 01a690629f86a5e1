using Microsoft.EntityFrameworkCore;

namespace Ektp.Hosting.Audit;

/// <summary>
/// One line of the append-only audit log (table <c>audit_entries</c>): who did what to which NIK, when and from
/// where. <see cref="Hash"/> is the SHA-256 of the entry's canonical encoding including <see cref="PrevHash"/>, the
/// hash of the entry before it (<see cref="AuditChain"/>), so changing or removing one entry breaks the chain.
/// </summary>
internal sealed class AuditEntry
{
    /// <summary>1, 2, 3, … without gaps: a missing number is a removed entry.</summary>
    public long Seq { get; set; }

    /// <summary>UTC, whole microseconds (what both SQLite and PostgreSQL keep exactly).</summary>
    public DateTime At { get; set; }

    /// <summary>The signed-in account (never a name the client sent), <c>kit:NAME</c> for a field kit,
    /// <c>cli:OSUSER</c> for `ektp user`, <c>system</c> for the server itself, <c>anonymous</c> without a sign-in,
    /// <c>?</c> for a sign-in attempt under a name no account has.</summary>
    public required string User { get; set; }

    /// <summary>The account's roles at the time, comma-separated and sorted; empty when not signed in.</summary>
    public required string Roles { get; set; }

    /// <summary>The caller's IP address as the server saw it (a reverse proxy's, behind one); null without HTTP.</summary>
    public string? Remote { get; set; }

    /// <summary>What happened, a stable code such as <c>person.read</c> (<see cref="AuditActions"/>).</summary>
    public required string Action { get; set; }

    /// <summary>The resident concerned: the only place a NIK appears in an entry.</summary>
    public string? Nik { get; set; }

    /// <summary>Short and free of biodata: ids, codes, counts (a packet, a card, a case, a field's name).</summary>
    public string? Detail { get; set; }

    public required string PrevHash { get; set; }
    public required string Hash { get; set; }

    public const int MaxUser = 256;
    public const int MaxRoles = 200;
    public const int MaxRemote = 64;
    public const int MaxAction = 40;
    public const int MaxDetail = 300;
    public const int HashLength = 64;

    public const string TableName = "audit_entries";
}

/// <summary>The table and its indexes, for both servers' models (called from their OnModelCreating).</summary>
internal static class AuditModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<AuditEntry>(b =>
        {
            b.ToTable(AuditEntry.TableName);
            b.HasKey(e => e.Seq);
            b.Property(e => e.Seq).ValueGeneratedNever(); // the chain numbers its entries itself
            b.Property(e => e.User).HasMaxLength(AuditEntry.MaxUser);
            b.Property(e => e.Roles).HasMaxLength(AuditEntry.MaxRoles);
            b.Property(e => e.Remote).HasMaxLength(AuditEntry.MaxRemote);
            b.Property(e => e.Action).HasMaxLength(AuditEntry.MaxAction);
            b.Property(e => e.Nik).HasMaxLength(16);
            b.Property(e => e.Detail).HasMaxLength(AuditEntry.MaxDetail);
            b.Property(e => e.PrevHash).HasMaxLength(AuditEntry.HashLength);
            b.Property(e => e.Hash).HasMaxLength(AuditEntry.HashLength);
            b.HasIndex(e => e.Nik);
            b.HasIndex(e => e.User);
            b.HasIndex(e => e.At);
        });
    }
}

/// <summary>The action codes written to the log. Stable: searches, exports and reports rely on them.</summary>
internal static class AuditActions
{
    // A person's record.
    public const string PersonRead = "person.read";
    public const string PersonStatus = "person.status";
    public const string PersonSearch = "person.search";
    public const string EnrollmentRecord = "enrollment.record";
    public const string EnrollmentReceive = "enrollment.receive";
    public const string ChangeRequest = "change.request";
    public const string ChangeApprove = "change.approve";
    public const string ChangeReject = "change.reject";
    public const string CardRead = "card.read";
    public const string CardPrint = "card.print";
    public const string CardSpoil = "card.spoil";
    public const string CardDeliver = "card.deliver";
    public const string DeliveryBatch = "delivery.batch";
    public const string QueuePriority = "queue.priority";
    public const string QueueRelease = "queue.release";

    // The centre.
    public const string CaseList = "case.list";
    public const string RulingRecord = "ruling.record";

    // Accounts.
    public const string Login = "auth.login";
    public const string LoginFailed = "auth.login-failed";
    public const string Lockout = "auth.lockout";
    public const string PasswordChange = "auth.password-change";
    public const string AccountAdd = "account.add";
    public const string AccountReset = "account.reset";
    public const string AccountLock = "account.lock";
    public const string AccountUnlock = "account.unlock";

    // The log itself.
    public const string Export = "audit.export";
}
