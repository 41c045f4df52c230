using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NrmHub.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ActorShortNamesLocalized : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ShortNameAz",
                table: "Actors",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShortNameRu",
                table: "Actors",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ShortNameAz",
                table: "Actors");

            migrationBuilder.DropColumn(
                name: "ShortNameRu",
                table: "Actors");
        }
    }
}
