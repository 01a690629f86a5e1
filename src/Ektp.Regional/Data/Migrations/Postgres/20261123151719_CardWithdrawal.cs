using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ektp.Regional.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CardWithdrawal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ReplacedByCardId",
                table: "cards",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WithdrawnAt",
                table: "cards",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawnBy",
                table: "cards",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawnReason",
                table: "cards",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReplacedByCardId",
                table: "cards");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "cards");

            migrationBuilder.DropColumn(
                name: "WithdrawnBy",
                table: "cards");

            migrationBuilder.DropColumn(
                name: "WithdrawnReason",
                table: "cards");
        }
    }
}
