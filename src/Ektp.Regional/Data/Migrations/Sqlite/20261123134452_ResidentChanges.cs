using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ektp.Regional.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResidentChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "resident_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Nik = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    OldValue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    NewValue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CourtDecisionNumber = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    CourtName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    CourtDecisionDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DocumentReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReprintReason = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    PoliceReportNumber = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    DamagedCard = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PacketId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReprintRequested = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_changes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_resident_changes_Nik_RequestedAt",
                table: "resident_changes",
                columns: new[] { "Nik", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_resident_changes_PacketId",
                table: "resident_changes",
                column: "PacketId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_resident_changes_ReprintRequested_DecidedAt",
                table: "resident_changes",
                columns: new[] { "ReprintRequested", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_resident_changes_State_RequestedAt",
                table: "resident_changes",
                columns: new[] { "State", "RequestedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "resident_changes");
        }
    }
}
