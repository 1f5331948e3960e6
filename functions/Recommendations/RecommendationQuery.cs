using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Teddy.Functions.Http;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>A list request as read from the query: how long, which method, which filters.</summary>
public sealed record ListQuery(int Count, CatalogFilter Filter, bool Strict, string? Method);

/// <summary>
/// The request shared by recommendations and similar products: the id (<see cref="RequestIds"/>), then k,
/// method, the filters and strict — validated the same way on both routes.
/// </summary>
public static class RecommendationQuery
{
    /// <summary>Reads the id and the query; returns the 400 problem naming every bad parameter, or null.</summary>
    /// <param name="idName">The id's public name, <c>user_id</c> or <c>product_id</c>.</param>
    /// <param name="routeId">The id's route value as bound (null when the segment was left out).</param>
    public static IActionResult? Read(HttpRequest request, string idName, string? routeId, ServingOptions options,
        out string id, out ListQuery list)
    {
        var query = new QueryParameters(request.Query);
        id = RequestIds.Read(request, routeId, idName, query.Errors) ?? "";
        int count = query.Integer("k", 1, options.MaxCount) ?? options.DefaultListSize;
        string? method = query.OneOf("method", RecommenderMethods.Known);
        var filter = new CatalogFilter
        {
            Category = query.Text("category"),
            Brands = query.All("brand"),
            ExcludedBrands = query.All("exclude_brand"),
            MinPrice = query.Number("min_price", 0),
            MaxPrice = query.Number("max_price", 0),
            InStock = query.Boolean("in_stock"),
        };
        if (filter.MinPrice > filter.MaxPrice)
            query.Errors["min_price"] = "min_price may not be greater than max_price.";
        bool strict = query.Boolean("strict") ?? false;
        list = new ListQuery(count, filter, strict, method);
        return query.Errors.Count > 0 ? Problems.InvalidFields(query.Errors) : null;
    }
}
