namespace Teddy.SampleData;

/// <summary>An invented brand. Real toy brands specialise: most products of a brand sit in its home
/// category, the rest in one or two related ones, and a brand has a price tier and house style.
/// That concentration is what lets a shopper's favourite brands say something about categories too.</summary>
internal sealed class Brand(string name, int[] categories, double priceTier, string? houseMaterial, int houseColour)
{
    public string Name { get; } = name;

    /// <summary>Indices into the catalog's categories; the first is the brand's home category.</summary>
    public int[] Categories { get; } = categories;

    /// <summary>Multiplier on the category's price range: budget, mainstream or premium.</summary>
    public double PriceTier { get; } = priceTier;

    /// <summary>The material the brand is known for (wooden toys, organic cotton), when it has one.</summary>
    public string? HouseMaterial { get; } = houseMaterial;

    /// <summary>Index into <see cref="ColourFamilies.All"/> of the brand's signature colour.</summary>
    public int HouseColour { get; } = houseColour;
}
