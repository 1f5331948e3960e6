using System.Globalization;
using System.Text;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Training;

namespace Teddy.Core.Tests.Training;

/// <summary>
/// Small hand-built Retail NDJSON shops for trainer tests: products in a few categories, shoppers who each favour
/// one category (so the models have something to learn), and settings sized for them (SVD rank 8).
/// </summary>
internal static class TrainingShop
{
    /// <summary>One catalog line per product; <paramref name="title"/> gives its title, and only the title when <paramref name="bare"/>.</summary>
    public static string Catalog(int products, Func<int, string>? title = null, bool bare = false)
    {
        title ??= i => $"{Words[i % Words.Length]} {Words[(i / 3 + 2) % Words.Length]} toy {i}";
        var text = new StringBuilder();
        for (int i = 0; i < products; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"p{i}\",\"title\":\"{title(i)}\"");
            if (!bare)
                text.Append(CultureInfo.InvariantCulture,
                    $",\"categories\":[\"Cat{i % 6}\"],\"brands\":[\"Brand{i % 9}\"],\"availability\":\"IN_STOCK\",\"priceInfo\":{{\"price\":{i % 40 + 5}}}");
            text.Append("}\n");
        }
        return text.ToString();
    }

    /// <summary>Detail-page views: each user views <paramref name="perUser"/> products, mostly of their favourite category.</summary>
    public static string Events(int users, int products, int perUser, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int u = 0; u < users; u++)
        {
            int favourite = u % 6;
            for (int e = 0; e < perUser; e++)
            {
                int product = random.NextDouble() < 0.8
                    ? favourite + 6 * random.Next(Math.Max(1, products / 6))
                    : random.Next(products);
                product = Math.Min(product, products - 1);
                string time = start.AddMinutes(u * 1000 + e).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture,
                    $"{{\"eventType\":\"detail-page-view\",\"visitorId\":\"u{u}\",\"eventTime\":\"{time}\",\"productDetails\":[{{\"product\":{{\"id\":\"p{product}\"}}}}]}}\n");
            }
        }
        return text.ToString();
    }

    public static TeddySettings Settings(string? candidates = null, int svdRank = 8, Action<TrainingOptions>? configure = null)
    {
        var training = new TrainingOptions { SvdRank = svdRank, Evaluation = new EvaluationOptions { MaxUsers = 200 } };
        if (candidates is not null) training.Candidates = candidates;
        configure?.Invoke(training);
        return new TeddySettings(training, new RankingOptions(), new EventWeights());
    }

    public static TrainingResult Train(string catalog, string events, TeddySettings? settings = null, ServingBaseline? baseline = null) =>
        new ModelTrainer(settings ?? Settings()).Train(Stream(catalog), Stream(events), new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero),
            "test", baseline);

    public static TrainingOutcome Trained(string catalog, string events, TeddySettings? settings = null, ServingBaseline? baseline = null)
    {
        var result = Train(catalog, events, settings, baseline);
        return Assert.IsType<TrainingOutcome>(result, exactMatch: true);
    }

    /// <summary>The serving model's side of a comparison: what <see cref="RetrainService"/> reads from its metadata.</summary>
    public static ServingBaseline BaselineOf(TrainingOutcome serving) =>
        new(serving.Metadata.Version, serving.Metadata.Method, TeddySettings.FromJson(serving.Metadata.Settings), serving.Metadata.Data);

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    private static readonly string[] Words = ["teddy", "puzzle", "rattle", "blocks", "kite", "train", "doll", "robot", "drum", "boat"];
}
