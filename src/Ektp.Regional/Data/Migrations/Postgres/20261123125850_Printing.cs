using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ektp.Regional.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Printing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "blank_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Office = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FirstSerial = table.Column<long>(type: "bigint", nullable: false),
                    LastSerial = table.Column<long>(type: "bigint", nullable: false),
                    NextSerial = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_blank_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "blank_uses",
                columns: table => new
                {
                    Serial = table.Column<long>(type: "bigint", nullable: false),
                    DeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    Office = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    CardId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_blank_uses", x => x.Serial);
                });

            migrationBuilder.CreateTable(
                name: "cards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Nik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    PacketId = table.Column<Guid>(type: "uuid", nullable: false),
                    BlankSerial = table.Column<long>(type: "bigint", nullable: false),
                    Office = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PrintedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PrintedBy = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    State = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    SuggestedDelivery = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Chip = table.Column<byte[]>(type: "bytea", nullable: false),
                    ChipSignature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    QrText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    SpoiledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SpoiledBy = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    SpoiledReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    DeliveryBatchId = table.Column<long>(type: "bigint", nullable: true),
                    HandedOverAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReceivedBy = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    ReceivedIdentification = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    HandedOverBy = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "delivery_batches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Destination = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_delivery_batches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "print_queue_exceptions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Nik = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_print_queue_exceptions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_blank_deliveries_FirstSerial",
                table: "blank_deliveries",
                column: "FirstSerial",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_blank_deliveries_Office",
                table: "blank_deliveries",
                column: "Office");

            migrationBuilder.CreateIndex(
                name: "IX_blank_uses_DeliveryId",
                table: "blank_uses",
                column: "DeliveryId");

            migrationBuilder.CreateIndex(
                name: "IX_blank_uses_Office_Kind_At",
                table: "blank_uses",
                columns: new[] { "Office", "Kind", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_cards_BlankSerial",
                table: "cards",
                column: "BlankSerial",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cards_Nik",
                table: "cards",
                column: "Nik");

            migrationBuilder.CreateIndex(
                name: "IX_cards_PrintedAt",
                table: "cards",
                column: "PrintedAt");

            migrationBuilder.CreateIndex(
                name: "IX_cards_State_DeliveryBatchId",
                table: "cards",
                columns: new[] { "State", "DeliveryBatchId" });

            migrationBuilder.CreateIndex(
                name: "IX_print_queue_exceptions_Nik_ResolvedAt",
                table: "print_queue_exceptions",
                columns: new[] { "Nik", "ResolvedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blank_deliveries");

            migrationBuilder.DropTable(
                name: "blank_uses");

            migrationBuilder.DropTable(
                name: "cards");

            migrationBuilder.DropTable(
                name: "delivery_batches");

            migrationBuilder.DropTable(
                name: "print_queue_exceptions");
        }
    }
}
