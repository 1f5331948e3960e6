using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace Teddy.Retail;

/// <summary>
/// The catalog the recommenders work on: products in feed order with dense indices 0..Count-1 (the column
/// index of every product-indexed vector and matrix), an ordinal id → index lookup, and per-product brand and
/// category indices for hot loops.
/// A product without a brand (or category) gets index -1, not an index of its own: brandless products do not
/// share a brand, so brand-affinity features must not treat them as one.
/// Brands and categories are matched case-insensitively (ordinal) after trimming; a table keeps the first spelling seen.
/// </summary>
public sealed class ProductCatalog
{
    public const int NoIndex = -1;

    private readonly CatalogProduct[] _products;
    private readonly Dictionary<string, int> _indexById;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _indexBySpan;
    private Utf8Index? _indexByUtf8; // built on first use: only the event reader needs it

    /// <summary>Catalog index by UTF-8 id; table ids map to catalog indices (ids that do not survive UTF-8 are left out).</summary>
    private sealed record Utf8Index(Utf8KeyTable Table, int[] CatalogIndexByKeyId);

    public ProductCatalog(IEnumerable<CatalogProduct> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        _products = products.ToArray();
        _indexById = new Dictionary<string, int>(_products.Length, StringComparer.Ordinal);
        for (int i = 0; i < _products.Length; i++)
            if (!_indexById.TryAdd(_products[i].Id, i))
                throw new ArgumentException($"Product id '{_products[i].Id}' appears twice; the readers drop duplicates, callers must too.", nameof(products));
        _indexBySpan = _indexById.GetAlternateLookup<ReadOnlySpan<char>>();

        (BrandNames, ProductBrandIndices) = BuildTable(_products, product => product.PrimaryBrand);
        (CategoryPaths, ProductCategoryIndices) = BuildTable(_products, product => product.PrimaryCategory);
    }

    public static ProductCatalog FromProducts(IEnumerable<RetailProduct> products) => FromProducts(products, new StringPool());

    private static ProductCatalog FromProducts(IEnumerable<RetailProduct> products, StringPool vocabulary) =>
        new(products.Select(product => CatalogProduct.From(product, vocabulary)));

    /// <summary>Reads a Product NDJSON stream into a catalog, counting lines into <paramref name="report"/>.</summary>
    public static ProductCatalog Read(Stream productsNdjson, IngestionStreamReport report)
    {
        var vocabulary = new StringPool(); // one pool for parsing and deriving: "red" is one string in the whole catalog
        return FromProducts(RetailProductReader.Read(productsNdjson, report, vocabulary), vocabulary);
    }

    public int Count => _products.Length;
    public CatalogProduct this[int index] => _products[index];
    public IReadOnlyList<CatalogProduct> Products => _products;

    /// <summary>Product id → index (ordinal). Read-only by contract: do not cast and mutate.</summary>
    public IReadOnlyDictionary<string, int> IndexById => _indexById;

    public bool TryGetIndex(string id, out int index) => _indexById.TryGetValue(id, out index);

    /// <summary>Looks up an id without allocating a string (used by the event reader on every product reference).</summary>
    public bool TryGetIndex(ReadOnlySpan<char> id, out int index) => _indexBySpan.TryGetValue(id, out index);

    /// <summary>Looks up an id given as UTF-8, as it appears in JSON (no decoding); used for every event's product references.</summary>
    internal bool TryGetIndex(ReadOnlySpan<byte> utf8Id, out int index)
    {
        var utf8Index = _indexByUtf8 ?? BuildUtf8Index();
        int keyId = utf8Index.Table.IndexOf(utf8Id);
        index = keyId >= 0 ? utf8Index.CatalogIndexByKeyId[keyId] : NoIndex;
        return keyId >= 0;
    }

    private Utf8Index BuildUtf8Index()
    {
        var table = new Utf8KeyTable(_products.Length);
        var catalogIndexByKeyId = new int[_products.Length];
        for (int i = 0; i < _products.Length; i++)
        {
            string id = _products[i].Id;
            byte[] utf8 = Encoding.UTF8.GetBytes(id);
            if (!Encoding.UTF8.GetString(utf8).Equals(id, StringComparison.Ordinal)) continue; // a lone surrogate: only findable by string
            catalogIndexByKeyId[table.GetOrAdd(utf8, out _)] = i;
        }
        var built = new Utf8Index(table, catalogIndexByKeyId);
        return Interlocked.CompareExchange(ref _indexByUtf8, built, null) ?? built; // racing builders agree; keep one
    }

    /// <summary>The index, or <see cref="NoIndex"/> when the id is not in the catalog.</summary>
    public int IndexOf(string id) => _indexById.TryGetValue(id, out int index) ? index : NoIndex;

    /// <summary>Distinct primary brands (non-empty) in order of first appearance.</summary>
    public ImmutableArray<string> BrandNames { get; }

    /// <summary>Per product: its primary brand's index in <see cref="BrandNames"/>, or -1 when it has no brand.</summary>
    public ImmutableArray<int> ProductBrandIndices { get; }
    public int BrandCount => BrandNames.Length;

    /// <summary>Distinct primary category paths (non-empty) in order of first appearance.</summary>
    public ImmutableArray<string> CategoryPaths { get; }

    /// <summary>Per product: its primary category path's index in <see cref="CategoryPaths"/>, or -1 when it has none.</summary>
    public ImmutableArray<int> ProductCategoryIndices { get; }
    public int CategoryCount => CategoryPaths.Length;

    private static (ImmutableArray<string> Names, ImmutableArray<int> PerProduct) BuildTable(
        CatalogProduct[] products, Func<CatalogProduct, string> nameOf)
    {
        var indexByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        var perProduct = new int[products.Length];
        for (int i = 0; i < products.Length; i++)
        {
            string name = nameOf(products[i]);
            if (name.Length == 0)
            {
                perProduct[i] = NoIndex;
                continue;
            }
            if (!indexByName.TryGetValue(name, out int index))
            {
                index = names.Count;
                indexByName.Add(name, index);
                names.Add(name);
            }
            perProduct[i] = index;
        }
        return ([.. names], ImmutableCollectionsMarshal.AsImmutableArray(perProduct));
    }
}
