using NrmHub.Core.WorkingGroups;

namespace NrmHub.Tests.WorkingGroups;

public sealed class PersonalDataCheckTests
{
    [Theory]
    [InlineData("Aysel Mammadova, born 12.03.1999")]
    [InlineData("Иван Петров 1990-01-31")]
    [InlineData("Leyla Əliyeva (d.o.b. 1985)")]
    [InlineData("Гульнара Сатыбалдиева, 1998 г.р.")]
    [InlineData("victim Ali Huseynov 3/7/2001 referred")]
    public void Flags_a_name_next_to_a_birth_date(string text) => Assert.True(PersonalDataCheck.LooksLikeNameAndBirthDate(text));

    [Theory]
    [InlineData("Case AZ-2026-00042 was accepted by the shelter.")]
    [InlineData("Meeting on 12.03.2026 at the ministry")]
    [InlineData("The Ministry of Labour will report by 2027.")]
    [InlineData("")]
    [InlineData(null)]
    public void Leaves_case_codes_and_organisation_text_alone(string? text) => Assert.False(PersonalDataCheck.LooksLikeNameAndBirthDate(text));
}
