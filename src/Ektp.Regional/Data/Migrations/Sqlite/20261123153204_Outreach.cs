using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ektp.Regional.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Outreach : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "home_visit_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Nik = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FindingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_home_visit_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "institutions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    KelurahanCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LetterSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LetterSentBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    AnsweredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Ready = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReadyCount = table.Column<int>(type: "INTEGER", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    AnswerNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    MembersUploadedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    MembersUploadedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_institutions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mobile_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    KelurahanCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    InstitutionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Team = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Expected = table.Column<int>(type: "INTEGER", nullable: false),
                    FieldKit = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mobile_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rt_findings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Nik = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    FoundOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpectedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rt_findings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "institution_members",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstitutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    GivenNik = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Group = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    MatchedNik = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 16, nullable: true),
                    Match = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_institution_members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_institution_members_institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mobile_session_residents",
                columns: table => new
                {
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Nik = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mobile_session_residents", x => new { x.SessionId, x.Nik });
                    table.ForeignKey(
                        name: "FK_mobile_session_residents_mobile_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "mobile_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_home_visit_requests_Nik",
                table: "home_visit_requests",
                column: "Nik");

            migrationBuilder.CreateIndex(
                name: "IX_home_visit_requests_SessionId",
                table: "home_visit_requests",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_institution_members_InstitutionId_Line",
                table: "institution_members",
                columns: new[] { "InstitutionId", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_institution_members_MatchedNik",
                table: "institution_members",
                column: "MatchedNik");

            migrationBuilder.CreateIndex(
                name: "IX_institutions_Kind_KelurahanCode",
                table: "institutions",
                columns: new[] { "Kind", "KelurahanCode" });

            migrationBuilder.CreateIndex(
                name: "IX_mobile_session_residents_Nik",
                table: "mobile_session_residents",
                column: "Nik");

            migrationBuilder.CreateIndex(
                name: "IX_mobile_sessions_InstitutionId",
                table: "mobile_sessions",
                column: "InstitutionId");

            migrationBuilder.CreateIndex(
                name: "IX_mobile_sessions_StartDate",
                table: "mobile_sessions",
                column: "StartDate");

            migrationBuilder.CreateIndex(
                name: "IX_rt_findings_Nik_RecordedAt",
                table: "rt_findings",
                columns: new[] { "Nik", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "home_visit_requests");

            migrationBuilder.DropTable(
                name: "institution_members");

            migrationBuilder.DropTable(
                name: "mobile_session_residents");

            migrationBuilder.DropTable(
                name: "rt_findings");

            migrationBuilder.DropTable(
                name: "institutions");

            migrationBuilder.DropTable(
                name: "mobile_sessions");
        }
    }
}
