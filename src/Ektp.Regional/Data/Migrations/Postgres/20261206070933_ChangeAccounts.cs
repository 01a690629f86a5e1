using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ektp.Regional.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChangeAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DecidedAccount",
                table: "resident_changes",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedAccount",
                table: "resident_changes",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecidedAccount",
                table: "resident_changes");

            migrationBuilder.DropColumn(
                name: "RequestedAccount",
                table: "resident_changes");
        }
    }
}
