namespace Teddy.SampleData;

/// <summary>The Retail API's audience age groups that apply to a toy/baby shop, youngest first,
/// so neighbouring values are neighbouring ages.</summary>
internal enum AgeGroup
{
    Newborn = 0,
    Infant = 1,
    Toddler = 2,
    Kids = 3,
}

internal static class AgeGroups
{
    public const int Count = 4;

    /// <summary>The value the Retail API expects in <c>audience.ageGroups</c>.</summary>
    public static string ApiName(this AgeGroup age) => age switch
    {
        AgeGroup.Newborn => "newborn",
        AgeGroup.Infant => "infant",
        AgeGroup.Toddler => "toddler",
        _ => "kids",
    };

    /// <summary>How the copy describes a product for ages <paramref name="youngest"/>..<paramref name="oldest"/>.</summary>
    public static IReadOnlyList<string> Phrases(AgeGroup youngest, AgeGroup oldest) => (youngest, oldest) switch
    {
        (AgeGroup.Newborn, AgeGroup.Newborn) => ["newborns", "babies from birth", "the first weeks at home"],
        (AgeGroup.Newborn, AgeGroup.Infant) => ["babies from birth to 12 months", "newborns and growing infants", "the whole first year"],
        (AgeGroup.Infant, AgeGroup.Infant) => ["babies 6 to 12 months", "curious infants", "babies who are learning to sit"],
        (AgeGroup.Infant, AgeGroup.Toddler) => ["babies and toddlers", "little ones 9 months and up", "ages 6 months to 3 years"],
        (AgeGroup.Toddler, AgeGroup.Toddler) => ["toddlers aged 1 to 3", "little ones 18 months and up", "busy toddlers"],
        (AgeGroup.Toddler, AgeGroup.Kids) => ["toddlers and preschoolers", "ages 2 years and up", "children from 2 to 6"],
        _ => ["kids 3 years and up", "children ages 4 to 8", "school-age kids"],
    };
}
