using Teddy.Artifacts;
using Teddy.Catalog;

namespace Teddy.Recommenders;

/// <summary>
/// Everything a model version serves: the catalog and users it was trained on, every fitted recommender
/// (so a request may ask for any method), and the method that was promoted as the default. This is what
/// model.bin holds.
/// </summary>
public sealed class TrainedModel
{
    public required ModelCatalog Catalog { get; init; }
    public required ModelUsers Users { get; init; }
    public required string PromotedMethod { get; init; }
    public required PopularityRecommender Popularity { get; init; }
    public ContentRecommender? Content { get; init; }
    public CollaborativeRecommender? Collaborative { get; init; }
    public ItemKnnRecommender? ItemKnn { get; init; }
    public EaseRecommender? Ease { get; init; }
    /// <summary>The hybrid's trained weights and collaborative part (null without a hybrid); its parts are the models above.</summary>
    public HybridOptions? Hybrid { get; init; }
    /// <summary>Imported Spark ALS factors (method <c>als</c>), scored as the SVD's are; flagged in the manifest after EASE, stored after EASE's section.</summary>
    public CollaborativeRecommender? Als { get; init; }

    /// <summary>The fitted model <see cref="HybridOptions.CollaborativePart"/> names, or null when it was not fitted.</summary>
    public IRecommender? CollaborativePart(string method) => method switch
    {
        RecommenderMethods.Collaborative => Collaborative,
        RecommenderMethods.ItemKnn => ItemKnn,
        RecommenderMethods.Ease => Ease,
        _ => null,
    };

    /// <summary>The same fitted models with other hybrid weights (the weight search's choice).</summary>
    public TrainedModel WithHybrid(HybridOptions? hybrid) => new()
    {
        Catalog = Catalog, Users = Users, PromotedMethod = PromotedMethod, Popularity = Popularity, Content = Content,
        Collaborative = Collaborative, ItemKnn = ItemKnn, Ease = Ease, Hybrid = hybrid, Als = Als,
    };

    /// <summary>The recommenders by method key; the hybrid is assembled from its parts.</summary>
    public IReadOnlyDictionary<string, IRecommender> Recommenders(Action<string, Exception>? onPartFailure = null)
    {
        var recommenders = new Dictionary<string, IRecommender>(StringComparer.Ordinal) { [RecommenderMethods.Popular] = Popularity };
        if (Content is not null) recommenders[RecommenderMethods.Content] = Content;
        if (Collaborative is not null) recommenders[RecommenderMethods.Collaborative] = Collaborative;
        if (ItemKnn is not null) recommenders[RecommenderMethods.ItemKnn] = ItemKnn;
        if (Ease is not null) recommenders[RecommenderMethods.Ease] = Ease;
        if (Als is not null) recommenders[RecommenderMethods.Als] = Als;
        // A hybrid whose data could support only one part was trained as that part alone.
        if (Hybrid is not null && (Content is not null || CollaborativePart(Hybrid.CollaborativePart) is not null))
            recommenders[RecommenderMethods.Hybrid] = new HybridRecommender(Content, CollaborativePart(Hybrid.CollaborativePart), Hybrid, onPartFailure);
        return recommenders;
    }

    /// <summary>The model file: its parts written side by side into one array of the exact size (<see cref="ArtifactWriter.Build"/>).</summary>
    public (byte[] Bytes, string Sha256) Serialize() => ArtifactWriter.Build(
        WriteManifest,
        Catalog.Write,
        Users.Write,
        Popularity.Write,
        writer => Content?.Write(writer),
        writer => Collaborative?.Write(writer),
        writer => ItemKnn?.Write(writer),
        writer => { if (Hybrid is not null) HybridRecommender.WriteOptions(writer, Hybrid); },
        writer => Ease?.Write(writer),
        writer => Als?.Write(writer));

    private void WriteManifest(ArtifactWriter writer)
    {
        writer.BeginSection("manifest");
        writer.Write(PromotedMethod);
        writer.Write(Content is not null);
        writer.Write(Collaborative is not null);
        writer.Write(ItemKnn is not null);
        writer.Write(Hybrid is not null);
        writer.Write(Ease is not null); // added with EASE (issue 8): a manifest written before ends above
        writer.Write(Als is not null); // added with the Spark import (issue 10), after EASE's flag
        writer.EndSection();
    }

    public static TrainedModel Deserialize(ReadOnlyMemory<byte> bytes) => Deserialize(new ArtifactReader(bytes));

    public static TrainedModel Deserialize(ArtifactReader reader)
    {
        reader.BeginSection("manifest");
        string promoted = reader.ReadString();
        bool hasContent = reader.ReadBoolean(), hasCollaborative = reader.ReadBoolean(), hasItemKnn = reader.ReadBoolean(), hasHybrid = reader.ReadBoolean();
        bool hasEase = reader.InSectionHasMore && reader.ReadBoolean();
        bool hasAls = reader.InSectionHasMore && reader.ReadBoolean();
        reader.EndSection();
        var catalog = ModelCatalog.Read(reader);
        var model = new TrainedModel
        {
            PromotedMethod = promoted,
            Catalog = catalog,
            Users = ModelUsers.Read(reader),
            Popularity = PopularityRecommender.Read(reader, catalog),
            Content = hasContent ? ContentRecommender.Read(reader) : null,
            Collaborative = hasCollaborative ? CollaborativeRecommender.Read(reader) : null,
            ItemKnn = hasItemKnn ? ItemKnnRecommender.Read(reader) : null,
            Hybrid = hasHybrid ? HybridRecommender.ReadOptions(reader) : null,
            Ease = hasEase ? EaseRecommender.Read(reader) : null,
            Als = hasAls ? CollaborativeRecommender.Read(reader, RecommenderMethods.Als) : null,
        };
        if (!reader.AtEnd) throw new InvalidArtifactException("The model artifact has unexpected trailing sections.");
        return model;
    }
}
