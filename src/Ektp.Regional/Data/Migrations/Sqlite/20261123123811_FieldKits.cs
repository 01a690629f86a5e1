using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ektp.Regional.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FieldKits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "field_kits",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RegisteredBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    RevokedReason = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_field_kits", x => x.KeyId);
                });

            migrationBuilder.CreateTable(
                name: "kit_packets",
                columns: table => new
                {
                    PacketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KitKeyId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EnvelopeSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    PacketSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    Nik = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 16, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kit_packets", x => x.PacketId);
                });

            migrationBuilder.CreateTable(
                name: "kit_uploads",
                columns: table => new
                {
                    PacketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    EnvelopeSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kit_uploads", x => x.PacketId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_kit_packets_KitKeyId",
                table: "kit_packets",
                column: "KitKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_kit_packets_State_ReceivedAt",
                table: "kit_packets",
                columns: new[] { "State", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "field_kits");

            migrationBuilder.DropTable(
                name: "kit_packets");

            migrationBuilder.DropTable(
                name: "kit_uploads");
        }
    }
}
