using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Functions.Http;
using Teddy.Serving;

namespace Teddy.Functions.Catalog;

/// <summary>
/// GET api/catalog/facets — what recommendations can be filtered by, from the serving model's catalog: category paths
/// and top-level categories (the <c>category</c> parameter takes either), brands (<c>brand</c>, <c>exclude_brand</c>),
/// each with its product count, the price range (<c>min_price</c>, <c>max_price</c>) and the products in stock
/// (<c>in_stock</c>). Anonymous: it says nothing the shop's own pages do not. 503 until a model is loaded.
/// </summary>
public sealed class GetCatalogFacets(ServingModelProvider models)
{
    [Function(nameof(GetCatalogFacets))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/catalog/facets")] HttpRequest request,
        CancellationToken cancellation)
    {
        if (await models.GetAsync(cancellation) is not { } model) return Problems.NoModelYet();
        return new OkObjectResult(CatalogFacets.Of(model));
    }
}
