using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Spaces.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CardSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CardHardware",
                table: "Repos",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PipelineTag",
                table: "Repos",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Repos",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            // Existing rows: the card's words, hardware and task from the card data already stored (new commits write them from C#).
            migrationBuilder.Sql(
                """
                UPDATE "Repos" SET
                    "CardHardware" = CASE WHEN jsonb_typeof("CardData"::jsonb -> 'hardware') = 'string' THEN left(trim("CardData"::jsonb ->> 'hardware'), 64) END,
                    "PipelineTag" = CASE WHEN jsonb_typeof("CardData"::jsonb -> 'pipeline_tag') = 'string' THEN lower(left(trim("CardData"::jsonb ->> 'pipeline_tag'), 64)) END,
                    "SearchText" = nullif(left(lower(trim(
                        CASE WHEN jsonb_typeof("CardData"::jsonb -> 'title') = 'string' THEN trim("CardData"::jsonb ->> 'title') || ' ' ELSE '' END ||
                        CASE WHEN jsonb_typeof("CardData"::jsonb -> 'short_description') = 'string' THEN trim("CardData"::jsonb ->> 'short_description') || ' ' ELSE '' END ||
                        coalesce(replace("Tags", ',', ' ') || ' ', '') ||
                        coalesce("Sdk" || ' ', '') ||
                        CASE WHEN jsonb_typeof("CardData"::jsonb -> 'pipeline_tag') = 'string' THEN trim("CardData"::jsonb ->> 'pipeline_tag') || ' ' ELSE '' END ||
                        CASE WHEN jsonb_typeof("CardData"::jsonb -> 'library_name') = 'string' THEN trim("CardData"::jsonb ->> 'library_name') || ' ' ELSE '' END)), 4000), '')
                WHERE "CardData" IS NOT NULL AND jsonb_typeof("CardData"::jsonb) = 'object';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CardHardware",
                table: "Repos");

            migrationBuilder.DropColumn(
                name: "PipelineTag",
                table: "Repos");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Repos");
        }
    }
}
