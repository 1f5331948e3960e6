using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Catalog;
using Teddy.Functions.Http;
using Teddy.Serving;

namespace Teddy.Functions.Catalog;

/// <summary>
/// GET api/products/{productId} (or api/products?product_id=, see <see cref="RequestIds"/>) — a product as the
/// serving model knows it; 404 problem+json when unknown.
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
        var catalog = model.Model.Catalog;
        if (!catalog.TryGetIndex(product, out int p))
            return Problems.NotFound($"Product '{product}' is not in the catalog of model {model.Version}.");
        return new OkObjectResult(ProductResponse.From(catalog, p, model.Version));
    }

    public sealed record ProductResponse(
        [property: JsonPropertyName("product_id")] string ProductId,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("brand")] string Brand,
        [property: JsonPropertyName("category")] string Category,
        [property: JsonPropertyName("price")] double? Price,
        [property: JsonPropertyName("original_price")] double? OriginalPrice,
        [property: JsonPropertyName("discount_percent")] double DiscountPercent,
        [property: JsonPropertyName("in_stock")] bool InStock,
        [property: JsonPropertyName("image_url")] string? ImageUrl,
        [property: JsonPropertyName("uri")] string? Uri,
        [property: JsonPropertyName("colors")] IReadOnlyList<string> Colors,
        [property: JsonPropertyName("age_groups")] IReadOnlyList<string> AgeGroups,
        [property: JsonPropertyName("completeness")] double Completeness,
        [property: JsonPropertyName("model_version")] string ModelVersion)
    {
        public static ProductResponse From(ModelCatalog c, int p, string version) => new(
            c.Ids[p], c.Titles[p], c.Descriptions[p], c.BrandName(p), c.CategoryPath(p),
            Money(c.Price[p]), Money(c.OriginalPrice[p]), Math.Round(c.DiscountPercent[p], 2), c.InStock[p],
            NullIfEmpty(c.ImageUrl[p]), NullIfEmpty(c.Uri[p]),
            c.Colors(p).ToArray().Select(id => c.ColorNames[id]).ToArray(), c.AgeGroupsOf(p).ToArray(),
            Math.Round(c.Completeness[p], 3), version);

        private static double? Money(float value) => float.IsNaN(value) ? null : Math.Round(value, 2);
        private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
    }
}
