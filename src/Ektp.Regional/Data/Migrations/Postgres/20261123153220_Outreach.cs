using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ektp.Regional.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Nik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FindingId = table.Column<Guid>(type: "uuid", nullable: true),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_home_visit_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "institutions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    KelurahanCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Contact = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LetterSentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LetterSentBy = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    AnsweredOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Ready = table.Column<bool>(type: "boolean", nullable: false),
                    ReadyCount = table.Column<int>(type: "integer", nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    AnswerNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    MembersUploadedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    MembersUploadedBy = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_institutions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mobile_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Place = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    KelurahanCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uuid", nullable: true),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Team = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Expected = table.Column<int>(type: "integer", nullable: false),
                    FieldKit = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mobile_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rt_findings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Nik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReportedBy = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    FoundOn = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpectedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rt_findings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "institution_members",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InstitutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    GivenNik = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Group = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    MatchedNik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: true),
                    Match = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false)
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
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Nik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false)
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
