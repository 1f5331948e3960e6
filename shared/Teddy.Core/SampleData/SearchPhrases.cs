namespace Teddy.SampleData;

/// <summary>What visitors type into the search box: their current interest in their own words
/// (a product type, maybe with a colour, brand or material), or a generic gift query.</summary>
internal static class SearchPhrases
{
    public static string For(SampleCatalog catalog, ShopperPreferences visitor, int category, SampleRandom random)
    {
        if (category < 0) return random.Pick(ToyWords.GenericSearches);
        var shelf = catalog.Categories[category];
        string noun = random.Pick(shelf.Nouns).ToLowerInvariant();
        return random.NextDouble() switch
        {
            < 0.4 => noun,
            < 0.6 => $"{ColourFamilies.All[random.Pick(visitor.FavouriteColours)].Name.ToLowerInvariant()} {noun}",
            < 0.8 when visitor.FavouriteBrands.Length > 0 => $"{catalog.Brands[random.Pick(visitor.FavouriteBrands)].Name.ToLowerInvariant()} {noun}",
            _ => $"{random.Pick(shelf.Materials).ToLowerInvariant()} {noun}",
        };
    }
}
