namespace Teddy.SampleData;

/// <summary>Shared wording for titles, descriptions, brand names and searches. Everything is ASCII so
/// the JSON needs no escaping beyond quotes.</summary>
internal static class ToyWords
{
    public static readonly string[] TitleAdjectives =
    [
        "Classic", "Little", "Happy", "Cozy", "Sunny", "Tiny", "Deluxe", "Mini", "Soft", "Cuddly", "Magic",
        "Rainbow", "Jungle", "Ocean", "Woodland", "Starry", "Dreamy", "Bright", "Giggly", "Sleepy", "Bouncy",
        "Clever", "Busy", "Jumbo", "My First", "Retro", "Nordic", "Pastel", "Organic", "Eco", "Safari",
        "Farmyard", "Dino", "Unicorn", "Space", "Pirate", "Fairy", "Arctic", "Garden", "Meadow", "Cloud",
        "Moonlight", "Honey", "Confetti", "Lucky", "Wild", "Sweet", "Explorer",
    ];

    public static readonly string[] BrandOnsets =
    [
        "Dab", "Bim", "Lul", "Pip", "Nob", "Wix", "Tum", "Fiz", "Mo", "Ki", "Lo", "Bu", "Po", "Zu", "Ra",
        "Ta", "Mi", "Ni", "Ju", "Be", "Co", "Da", "Fa", "Ga", "Ho", "La", "Ma", "Pa", "Sa", "Wu", "Yo", "Zi",
        "Bop", "Dot", "Hap", "Jol", "Kip", "Lil", "Mun", "Nip", "Pom", "Quo", "Rib", "Sno", "Tup", "Wig",
        "Yum", "Zap", "Bla", "Cru", "Flo", "Glo", "Plu", "Tri", "Squi", "Bri", "Chu", "Dree", "Fen", "Hob",
    ];

    public static readonly string[] BrandCodas =
    [
        "doob", "bly", "loo", "kin", "po", "zy", "toto", "bo", "mi", "nana", "roo", "ble", "bie", "ky", "lo",
        "ma", "ni", "pi", "tti", "vo", "zoo", "dle", "ggle", "mble", "nky", "pple", "sy", "ttle", "wee", "xo",
        "ba", "ca", "da", "la", "ra", "sa", "ta", "va", "kins", "bee", "let", "ly", "o", "ia", "ette",
    ];

    public static readonly string[] BrandSuffixes = [" Toys", " Kids", " Baby", " & Co.", " Play", " Studio", " Little Ones", " Works"];

    public static readonly string[] Openers =
    [
        "A sturdy", "A charming", "A playful", "A classic", "A beautifully finished", "A thoughtfully designed",
        "A soft and cuddly", "A compact", "A bright, cheerful", "An award-winning", "A timeless", "A clever",
        "A lightweight", "A durable", "An everyday", "A gift-worthy",
    ];

    public static readonly string[] MadeFrom = ["made from", "crafted from", "made of", "built from"];

    public static readonly string[] FeatureLeads = ["It features", "Comes with", "Designed with", "Includes", "Thoughtful extras include"];

    /// <summary>Closing sentences that suit any age.</summary>
    public static readonly string[] Closers =
    [
        "Wipes clean with a damp cloth.", "Arrives in gift-ready packaging.",
        "Tested to EN71 and ASTM F963 safety standards.", "A lovely gift for birthdays and baby showers.",
        "Encourages fine motor skills and imaginative play.", "Free from BPA, phthalates and PVC.",
        "Packaged in recycled cardboard with no single-use plastic.", "Designed in our studio and made to last for years.",
        "Finished with non-toxic, water-based paints.", "Perfect for travel and days out.",
        "Loved by parents, approved by little testers.", "Backed by a two-year quality guarantee.",
    ];

    /// <summary>Closers only true for older children.</summary>
    public static readonly string[] KidsClosers =
    [
        "Contains small parts: not suitable for children under 3.", "Batteries not included.",
        "Builds problem-solving and early STEM skills.", "Great for playdates and family game nights.",
    ];

    public static readonly string[] GenericSearches =
    [
        "gift for 1 year old", "baby shower gift", "toddler toys", "birthday present for 5 year old",
        "wooden toys", "educational toys", "sale", "new arrivals", "stocking stuffers", "montessori toys",
        "sensory toys", "eco friendly toys", "gifts under 20", "christening gift",
    ];
}
