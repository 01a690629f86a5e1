using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ektp.Regional.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Envelopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Envelope",
                table: "packets",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnvelopeSha256",
                table: "packets",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Envelope",
                table: "packets");

            migrationBuilder.DropColumn(
                name: "EnvelopeSha256",
                table: "packets");
        }
    }
}
