using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ektp.Central.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "offices",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedReason = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_offices", x => x.KeyId);
                });

            migrationBuilder.CreateTable(
                name: "packets",
                columns: table => new
                {
                    PacketId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnvelopeSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PacketSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    SenderKeyId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Nik = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_packets", x => x.PacketId);
                });

            migrationBuilder.CreateTable(
                name: "uploads",
                columns: table => new
                {
                    PacketId = table.Column<Guid>(type: "uuid", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    EnvelopeSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uploads", x => x.PacketId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_offices_RegionCode",
                table: "offices",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_packets_Nik",
                table: "packets",
                column: "Nik");

            migrationBuilder.CreateIndex(
                name: "IX_packets_RegionCode_ReceivedAt",
                table: "packets",
                columns: new[] { "RegionCode", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "offices");

            migrationBuilder.DropTable(
                name: "packets");

            migrationBuilder.DropTable(
                name: "uploads");
        }
    }
}
