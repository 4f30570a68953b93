using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Spaces.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PinnedSpaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Pinned",
                table: "Repos",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Existing Spaces: pinned when the card data already stored says `pinned: true` (new commits write it from C#).
            migrationBuilder.Sql(
                """
                UPDATE "Repos" SET "Pinned" = 1
                WHERE "Type" = 1 AND "CardData" IS NOT NULL
                    AND (CASE WHEN json_valid("CardData") THEN json_type("CardData", '$.pinned') END) = 'true';
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Repos_Type_OwnerId_Likes",
                table: "Repos",
                columns: new[] { "Type", "OwnerId", "Likes" });

            migrationBuilder.CreateIndex(
                name: "IX_Repos_Type_Pinned_Likes",
                table: "Repos",
                columns: new[] { "Type", "Pinned", "Likes" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Repos_Type_OwnerId_Likes",
                table: "Repos");

            migrationBuilder.DropIndex(
                name: "IX_Repos_Type_Pinned_Likes",
                table: "Repos");

            migrationBuilder.DropColumn(
                name: "Pinned",
                table: "Repos");
        }
    }
}
