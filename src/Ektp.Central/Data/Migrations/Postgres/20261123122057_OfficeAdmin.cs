using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ektp.Central.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OfficeAdmin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RegisteredBy",
                table: "offices",
                type: "character varying(120)",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevokedBy",
                table: "offices",
                type: "character varying(120)",
                maxLength: 120,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RegisteredBy",
                table: "offices");

            migrationBuilder.DropColumn(
                name: "RevokedBy",
                table: "offices");
        }
    }
}
