using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Spaces.Core.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PipelineTag",
                table: "Repos",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Repos",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            // Existing rows: the card's words, hardware and task from the card data already stored (new commits write them from C#).
            migrationBuilder.Sql(
                """
                UPDATE "Repos" SET
                    "CardHardware" = CASE WHEN json_type("CardData", '$.hardware') = 'text' THEN substr(trim(json_extract("CardData", '$.hardware')), 1, 64) END,
                    "PipelineTag" = CASE WHEN json_type("CardData", '$.pipeline_tag') = 'text' THEN lower(substr(trim(json_extract("CardData", '$.pipeline_tag')), 1, 64)) END,
                    "SearchText" = nullif(substr(lower(trim(
                        CASE WHEN json_type("CardData", '$.title') = 'text' THEN trim(json_extract("CardData", '$.title')) || ' ' ELSE '' END ||
                        CASE WHEN json_type("CardData", '$.short_description') = 'text' THEN trim(json_extract("CardData", '$.short_description')) || ' ' ELSE '' END ||
                        coalesce(replace("Tags", ',', ' ') || ' ', '') ||
                        coalesce("Sdk" || ' ', '') ||
                        CASE WHEN json_type("CardData", '$.pipeline_tag') = 'text' THEN trim(json_extract("CardData", '$.pipeline_tag')) || ' ' ELSE '' END ||
                        CASE WHEN json_type("CardData", '$.library_name') = 'text' THEN trim(json_extract("CardData", '$.library_name')) || ' ' ELSE '' END)), 1, 4000), '')
                WHERE "CardData" IS NOT NULL AND (CASE WHEN json_valid("CardData") THEN json_type("CardData") END) = 'object';
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
