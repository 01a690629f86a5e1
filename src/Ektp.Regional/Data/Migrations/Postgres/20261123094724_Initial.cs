using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ektp.Regional.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "enrollments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Nik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    PacketId = table.Column<Guid>(type: "uuid", nullable: false),
                    Location = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Operator = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Office = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FingersCaptured = table.Column<int>(type: "integer", nullable: false),
                    MissingFingers = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    MinFingerQuality = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_enrollments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "families",
                columns: table => new
                {
                    KkNumber = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    HeadNik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Rt = table.Column<int>(type: "integer", nullable: false),
                    Rw = table.Column<int>(type: "integer", nullable: false),
                    KelurahanCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_families", x => x.KkNumber);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PacketId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "packets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Nik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_packets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "residents",
                columns: table => new
                {
                    Nik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    KkNumber = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    NameKey = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    BirthPlace = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Sex = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    BloodType = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Rt = table.Column<int>(type: "integer", nullable: false),
                    Rw = table.Column<int>(type: "integer", nullable: false),
                    KelurahanCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    KecamatanCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Religion = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    MaritalStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Occupation = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Citizenship = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Education = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    MotherName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StatusSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StatusReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RecordedWhere = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_residents", x => x.Nik);
                });

            migrationBuilder.CreateTable(
                name: "settings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settings", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "status_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Nik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    From = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    To = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    By = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_status_events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_enrollments_Nik",
                table: "enrollments",
                column: "Nik");

            migrationBuilder.CreateIndex(
                name: "IX_enrollments_PacketId",
                table: "enrollments",
                column: "PacketId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_enrollments_RecordedAt",
                table: "enrollments",
                column: "RecordedAt");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_PacketId",
                table: "outbox",
                column: "PacketId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_State_Id",
                table: "outbox",
                columns: new[] { "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_packets_EnrollmentId",
                table: "packets",
                column: "EnrollmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_residents_KelurahanCode_Rw_Rt",
                table: "residents",
                columns: new[] { "KelurahanCode", "Rw", "Rt" });

            migrationBuilder.CreateIndex(
                name: "IX_residents_KkNumber",
                table: "residents",
                column: "KkNumber");

            migrationBuilder.CreateIndex(
                name: "IX_residents_NameKey",
                table: "residents",
                column: "NameKey");

            migrationBuilder.CreateIndex(
                name: "IX_residents_Status",
                table: "residents",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_status_events_Nik_At",
                table: "status_events",
                columns: new[] { "Nik", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "enrollments");

            migrationBuilder.DropTable(
                name: "families");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "packets");

            migrationBuilder.DropTable(
                name: "residents");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropTable(
                name: "status_events");
        }
    }
}
