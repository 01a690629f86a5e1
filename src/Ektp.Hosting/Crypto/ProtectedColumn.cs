using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ektp.Hosting.Crypto;

/// <summary>
/// A column whose values are sealed at rest, and the stable names its values are bound to. <see cref="Table"/> and
/// <see cref="Column"/> are the names in the associated data (lower case, fixed), not EF's column names, so renaming
/// a property never makes stored values unreadable. The row key is <see cref="KeyProperty"/>, a unique key known
/// before the row is inserted.
/// </summary>
public sealed record ProtectedColumn(Type Entity, string KeyProperty, string ValueProperty, string Table, string Column)
{
    public CellAddress Cell(Guid rowKey) => new(Table, Column, rowKey.ToString("D"));

    public CellAddress Cell(long rowKey) => new(Table, Column, rowKey.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Rewrites the column's values in batches in key order, one transaction per batch: <paramref name="rewrite"/>
    /// gets the stored value and its address and returns the value to store, or null to leave the row as it is.
    /// Plain SQL over the EF model's names, so it runs on SQLite and PostgreSQL alike and loads no entity.
    /// </summary>
    /// <returns>Rows read and rows rewritten.</returns>
    public async Task<(long Read, long Rewritten)> RewriteAsync(DbContext db, Func<byte[], CellAddress, byte[]?> rewrite,
        int batchSize = 200, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rewrite);
        var (table, key, value, keyType) = SqlNames(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            object? after = null;
            long read = 0, rewritten = 0;
            while (true)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var rows = new List<(object Key, byte[] Value)>();
                await using (var select = connection.CreateCommand())
                {
                    select.Transaction = transaction.GetDbTransaction();
                    select.CommandText =
                        $"SELECT {key}, {value} FROM {table} WHERE {value} IS NOT NULL" +
                        (after is null ? "" : $" AND {key} > @after") +
                        $" ORDER BY {key} LIMIT {batchSize.ToString(CultureInfo.InvariantCulture)}";
                    if (after is not null)
                    {
                        AddParameter(select, "@after", after);
                    }

                    await using var reader = await select.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        rows.Add((reader.GetValue(0), reader.GetFieldValue<byte[]>(1)));
                    }
                }

                if (rows.Count == 0)
                {
                    await transaction.CommitAsync(ct);
                    return (read, rewritten);
                }

                foreach (var (rowKey, stored) in rows)
                {
                    var replacement = rewrite(stored, new CellAddress(Table, Column, RowKey(rowKey, keyType)));
                    if (replacement is null)
                    {
                        continue;
                    }

                    await using var update = connection.CreateCommand();
                    update.Transaction = transaction.GetDbTransaction();
                    update.CommandText = $"UPDATE {table} SET {value} = @value WHERE {key} = @key";
                    AddParameter(update, "@value", replacement);
                    AddParameter(update, "@key", rowKey);
                    await update.ExecuteNonQueryAsync(ct);
                    rewritten++;
                }

                await transaction.CommitAsync(ct);
                read += rows.Count;
                after = rows[^1].Key;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The delimited table name as the database knows it (for VACUUM FULL).</summary>
    public string StoreTable(DbContext db) => SqlNames(db).Table;

    private (string Table, string Key, string Value, Type KeyType) SqlNames(DbContext db)
    {
        var entity = db.Model.FindEntityType(Entity)
            ?? throw new InvalidOperationException($"{Entity.Name} is not in the model.");
        var tableName = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var keyProperty = entity.FindProperty(KeyProperty)!;
        var sql = db.GetService<ISqlGenerationHelper>();
        return (sql.DelimitIdentifier(tableName, entity.GetSchema()),
            sql.DelimitIdentifier(keyProperty.GetColumnName(store)!),
            sql.DelimitIdentifier(entity.FindProperty(ValueProperty)!.GetColumnName(store)!),
            keyProperty.ClrType);
    }

    private static string RowKey(object raw, Type keyType) => (Nullable.GetUnderlyingType(keyType) ?? keyType) == typeof(Guid)
        ? (raw is Guid guid ? guid : Guid.Parse((string)raw)).ToString("D")
        : Convert.ToString(raw, CultureInfo.InvariantCulture)!;

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
