using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Catalog;
using Teddy.Functions.Http;
using Teddy.Retail;
using Teddy.Serving;

namespace Teddy.Functions.Catalog;

/// <summary>
/// GET api/products/{productId} (or api/products?product_id=, see <see cref="RequestIds"/>) — a product as the
/// serving model knows it, with its variants; 404 problem+json when unknown. A variant's id resolves to its primary
/// product (variants are served as their primary, as the Retail API recommends primaries): the answer is the
/// primary, with <c>requested_variant_id</c> naming the variant asked for.
/// </summary>
public sealed class GetProduct(ServingModelProvider models)
{
    [Function(nameof(GetProduct))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/products/{productId?}")] HttpRequest request,
        string? productId,
        CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string>();
        if (RequestIds.Read(request, productId, "product_id", errors) is not { } product) return Problems.InvalidFields(errors);
        if (await models.GetAsync(cancellation) is not { } model)
            return Problems.NoModelYet();
        if (!model.Model.Catalog.TryResolve(product, out int p, out int variant))
            return Problems.NotFound($"Product '{product}' is not in the catalog of model {model.Version}.");
        return new OkObjectResult(ProductResponse.From(model, p, variant));
    }

    public sealed record ProductResponse(
        [property: JsonPropertyName("product_id")] string ProductId,
        [property: JsonPropertyName("requested_variant_id")] string? RequestedVariantId,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("brand")] string Brand,
        [property: JsonPropertyName("category")] string Category,
        [property: JsonPropertyName("price")] double? Price,
        [property: JsonPropertyName("original_price")] double? OriginalPrice,
        [property: JsonPropertyName("discount_percent")] double DiscountPercent,
        [property: JsonPropertyName("in_stock")] bool InStock,
        [property: JsonPropertyName("availability")] string Availability,
        [property: JsonPropertyName("image_url")] string? ImageUrl,
        [property: JsonPropertyName("uri")] string? Uri,
        [property: JsonPropertyName("colors")] IReadOnlyList<string> Colors,
        [property: JsonPropertyName("age_groups")] IReadOnlyList<string> AgeGroups,
        [property: JsonPropertyName("completeness")] double Completeness,
        [property: JsonPropertyName("variants")] IReadOnlyList<VariantResponse> Variants,
        [property: JsonPropertyName("model_version")] string ModelVersion)
    {
        public static ProductResponse From(ServingModel model, int p, int requestedVariant)
        {
            var c = model.Model.Catalog;
            bool unknownInStock = model.Pipeline.Options.UnknownAvailabilityInStock;
            VariantResponse[] variants = c.Variants is { } table ? table.Of(p).Select(v => VariantResponse.From(table, v, unknownInStock)).ToArray() : [];
            return new ProductResponse(
                c.Ids[p], requestedVariant >= 0 ? c.Variants!.Ids[requestedVariant] : null,
                c.Titles[p], c.Descriptions[p], c.BrandName(p), c.CategoryPath(p),
                Money(c.Price[p]), Money(c.OriginalPrice[p]), Math.Round(c.DiscountPercent[p], 2), model.IsInStock(p),
                AvailabilityName(c.Availability?[p] ?? 0),
                NullIfEmpty(c.ImageUrl[p]), NullIfEmpty(c.Uri[p]),
                c.Colors(p).ToArray().Select(id => c.ColorNames[id]).ToArray(), c.AgeGroupsOf(p).ToArray(),
                Math.Round(c.Completeness[p], 3), variants, model.Version);
        }

        internal static double? Money(float value) => float.IsNaN(value) ? null : Math.Round(value, 2);
        internal static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
        internal static string AvailabilityName(sbyte value) => ((ProductAvailability)value).ApiName();
    }

    /// <summary>One variant of a product, as the feed describes it, with its own availability.</summary>
    public sealed record VariantResponse(
        [property: JsonPropertyName("product_id")] string ProductId,
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("price")] double? Price,
        [property: JsonPropertyName("availability")] string Availability,
        [property: JsonPropertyName("in_stock")] bool InStock,
        [property: JsonPropertyName("image_url")] string? ImageUrl,
        [property: JsonPropertyName("colors")] IReadOnlyList<string> Colors,
        [property: JsonPropertyName("sizes")] IReadOnlyList<string> Sizes)
    {
        public static VariantResponse From(ModelVariants v, int i, bool unknownAvailabilityInStock) => new(
            v.Ids[i], ProductResponse.NullIfEmpty(v.Titles[i]), ProductResponse.Money(v.Price[i]),
            ProductResponse.AvailabilityName(v.Availability[i]),
            ((ProductAvailability)v.Availability[i]).IsInStock() && (unknownAvailabilityInStock || v.Availability[i] != ModelCatalog.UnknownAvailability),
            ProductResponse.NullIfEmpty(v.ImageUrl[i]), v.Colors[i], v.Sizes[i]);
    }
}
