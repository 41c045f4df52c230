using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NrmHub.Core.Data.Migrations
{
    /// <summary>
    /// The baseline of generated migrations. The four migrations before it were written by hand, without a model
    /// snapshot, and match the model exactly (the schema-drift test checked that until this migration). This one
    /// changes no table: it brings the model snapshot that <c>dotnet ef migrations add</c> diffs against from now
    /// on, so a database made before it upgrades in place with every row kept.
    /// </summary>
    public partial class SnapshotBaseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
