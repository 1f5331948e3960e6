using Microsoft.AspNetCore.Http;
using Teddy.Functions.Http;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>The query parameters shared by recommendations and similar products: k, filters, strict.</summary>
public static class RecommendationQuery
{
    public static (int Count, CatalogFilter Filter, bool Strict, string? Method) Read(QueryParameters query, ServingOptions options, bool allowMethod)
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
