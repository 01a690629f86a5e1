using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ektp.Central.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Pipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PacketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Nik = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    MatchedPacketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MatchedNik = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MatchedRegionCode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: true),
                    Candidates = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Ruling = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RuledBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    RulingReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RuledAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "decisions",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PacketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Nik = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: true),
                    Permit = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PermitSignature = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decisions", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "persons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PacketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Nik = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    EnrolledAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Templates = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_persons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_jobs",
                columns: table => new
                {
                    PacketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FailureCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SameNikPersonId = table.Column<long>(type: "INTEGER", nullable: true),
                    Candidates = table.Column<string>(type: "TEXT", nullable: true),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pipeline_jobs", x => x.PacketId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_PacketId",
                table: "cases",
                column: "PacketId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_RuledAt",
                table: "cases",
                column: "RuledAt");

            migrationBuilder.CreateIndex(
                name: "IX_decisions_PacketId_Step",
                table: "decisions",
                columns: new[] { "PacketId", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_decisions_RegionCode_Sequence",
                table: "decisions",
                columns: new[] { "RegionCode", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_Nik",
                table: "persons",
                column: "Nik");

            migrationBuilder.CreateIndex(
                name: "IX_persons_PacketId",
                table: "persons",
                column: "PacketId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pipeline_jobs_Stage_CreatedAt",
                table: "pipeline_jobs",
                columns: new[] { "Stage", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "decisions");

            migrationBuilder.DropTable(
                name: "persons");

            migrationBuilder.DropTable(
                name: "pipeline_jobs");
        }
    }
}
