using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Teddy.Functions.Http;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>A list request as read from the query: how long, which method, which filters.</summary>
public sealed record ListQuery(int Count, CatalogFilter Filter, bool Strict, string? Method);

/// <summary>The query parameters shared by recommendations and similar products: k, method, filters, strict.</summary>
public static class RecommendationQuery
{
    /// <summary>Reads the route id and the query; returns the 400 problem naming every bad parameter, or null.</summary>
    public static IActionResult? Read(HttpRequest request, string idName, string id, ServingOptions options, bool allowMethod, out ListQuery list)
    {
        var query = new QueryParameters(request.Query);
        if (IdProblem(idName, id) is { } idProblem) query.Errors[idName] = idProblem;
        var (count, filter, strict, method) = Read(query, options, allowMethod);
        list = new ListQuery(count, filter, strict, method);
        return query.Errors.Count > 0 ? Problems.InvalidFields(query.Errors) : null;
    }

    private static (int Count, CatalogFilter Filter, bool Strict, string? Method) Read(QueryParameters query, ServingOptions options, bool allowMethod)
    {
        int count = query.Integer("k", 1, options.MaxCount) ?? options.DefaultCount;
        string? method = allowMethod ? query.OneOf("method", RecommenderMethods.All) : null;
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
        return (count, filter, strict, method);
    }

    public const int MaxIdLength = 256;

    public static string? IdProblem(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? $"{name} may not be blank."
        : value.Length > MaxIdLength ? $"{name} may be at most {MaxIdLength} characters."
        : null;
}
