using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ektp.Central.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GalleryLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gallery_log",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    Op = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PacketId = table.Column<Guid>(type: "uuid", nullable: true),
                    Templates = table.Column<byte[]>(type: "bytea", nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gallery_log", x => x.Seq);
                });

            migrationBuilder.CreateIndex(
                name: "IX_gallery_log_PacketId",
                table: "gallery_log",
                column: "PacketId");

            migrationBuilder.CreateIndex(
                name: "IX_gallery_log_PersonId",
                table: "gallery_log",
                column: "PersonId");

            // Every person enrolled before the log existed, so the shards rebuild the same gallery.
            migrationBuilder.Sql(global::Ektp.Central.Gallery.GalleryLog.BackfillSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gallery_log");
        }
    }
}
