using Microsoft.EntityFrameworkCore.Migrations;

namespace Ektp.Hosting.Audit;

/// <summary>
/// The database's own refusal to change or remove an audit entry: triggers that abort every UPDATE and DELETE on
/// <c>audit_entries</c> (and TRUNCATE on PostgreSQL), whoever sends it. Hand-written SQL, kept here rather than in the
/// generated migration so a migration regenerated after a merge only has to call <see cref="Create"/> in its Up and
/// <see cref="Drop"/> in its Down again. They stop mistakes and an application-level attacker; a database
/// administrator can drop them (docs/security.md: the anchor is the defence against that).
/// </summary>
internal static class AuditTriggers
{
    public const string Message = "audit_entries is append-only";

    public static void Create(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var sql in CreateSql(migrationBuilder.ActiveProvider))
        {
            migrationBuilder.Sql(sql);
        }
    }

    public static void Drop(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var sql in DropSql(migrationBuilder.ActiveProvider))
        {
            migrationBuilder.Sql(sql);
        }
    }

    internal static IReadOnlyList<string> CreateSql(string? provider) => IsPostgres(provider)
        ?
        [
            $"""
             CREATE FUNCTION audit_entries_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 RAISE EXCEPTION '{Message}' USING ERRCODE = 'integrity_constraint_violation';
             END
             $$;
             """,
            "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries " +
            "FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse();",
            "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries " +
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse();",
        ]
        :
        [
            $"CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries " +
            $"BEGIN SELECT RAISE(ABORT, '{Message}'); END;",
            $"CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries " +
            $"BEGIN SELECT RAISE(ABORT, '{Message}'); END;",
        ];

    internal static IReadOnlyList<string> DropSql(string? provider) => IsPostgres(provider)
        ?
        [
            "DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;",
            "DROP TRIGGER IF EXISTS audit_entries_no_update ON audit_entries;",
            "DROP FUNCTION IF EXISTS audit_entries_refuse();",
        ]
        :
        [
            "DROP TRIGGER IF EXISTS audit_entries_no_delete;",
            "DROP TRIGGER IF EXISTS audit_entries_no_update;",
        ];

    private static bool IsPostgres(string? provider) =>
        provider?.Contains("Npgsql", StringComparison.Ordinal) == true;
}
