using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace Teddy.Retail;

/// <summary>
/// The catalog the recommenders work on: products in feed order with dense indices 0..Count-1 (the column
/// index of every product-indexed vector and matrix), an ordinal id → index lookup, and per-product brand and
/// category indices for hot loops.
/// Variants (type VARIANT) roll up to their primary product, as the Retail API does: they are not products of
/// their own here; their ids resolve to their primary's index (<see cref="TryGetIndex(string, out int)"/>), so
/// events on a variant count for its primary, and <see cref="VariantsOf"/> lists them. A variant whose primary is
/// not in the catalog (no primaryProductId, or an id no accepted line has) is not lost: the first such variant of
/// a primary id stands in for it as a product, the others roll up to it, and the missing primary's id resolves to
/// it too (warning missing_primary_product).
/// A product without a brand (or category) gets index -1, not an index of its own: brandless products do not
/// share a brand, so brand-affinity features must not treat them as one.
/// Brands and categories are matched case-insensitively (ordinal) after trimming; a table keeps the first spelling seen.
/// </summary>
public sealed class ProductCatalog
{
    public const int NoIndex = -1;

    private readonly CatalogProduct[] _products;
    private readonly CatalogProduct[][] _variants;
    private readonly Dictionary<string, int> _indexById;
    private readonly Dictionary<string, int> _variantIndexById;
    private readonly Dictionary<string, int> _missingPrimaryIndexById; // a missing primary's id → the variant standing in
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _indexBySpan, _variantIndexBySpan;
    private readonly HashSet<string> _rejectedIds;
    private Utf8Index? _indexByUtf8; // built on first use: only the event reader needs it

    /// <summary>What an id names: a product, a variant (resolved to its primary; also a missing primary's id, resolved to its stand-in), a rejected line, or nothing.</summary>
    internal enum IdKind : byte { None, Product, Variant, Rejected }

    /// <summary>UTF-8 id → (catalog index, kind) by key id; ids that do not survive UTF-8 are left out (found by string only).</summary>
    private sealed record Utf8Index(Utf8KeyTable Table, int[] CatalogIndexByKeyId, IdKind[] KindByKeyId);

    /// <param name="products">Products in feed order, variants included; ids must be distinct.</param>
    public ProductCatalog(IEnumerable<CatalogProduct> products) : this(products, rejectedIds: null, report: null)
    {
    }

    /// <param name="rejectedIds">Ids of product lines the reader rejected: events naming them are told apart from events naming nothing.</param>
    /// <param name="report">Receives missing_primary_product warnings.</param>
    internal ProductCatalog(IEnumerable<CatalogProduct> products, IEnumerable<string>? rejectedIds, IngestionStreamReport? report)
    {
        ArgumentNullException.ThrowIfNull(products);
        var all = products.ToArray();
        var ids = new HashSet<string>(all.Length, StringComparer.Ordinal);
        foreach (var product in all)
            if (!ids.Add(product.Id))
                throw new ArgumentException($"Product id '{product.Id}' appears twice; the readers drop duplicates, callers must too.", nameof(products));

        (_products, _variants, _indexById, _variantIndexById, _missingPrimaryIndexById) = RollUpVariants(all, report);
        _indexBySpan = _indexById.GetAlternateLookup<ReadOnlySpan<char>>();
        _variantIndexBySpan = _variantIndexById.GetAlternateLookup<ReadOnlySpan<char>>();
        _rejectedIds = new HashSet<string>((rejectedIds ?? []).Where(id => !ids.Contains(id)), StringComparer.Ordinal);
        (BrandNames, ProductBrandIndices) = BuildTable(_products, product => product.PrimaryBrand);
        (CategoryPaths, ProductCategoryIndices) = BuildTable(_products, product => product.PrimaryCategory);
    }

    /// <summary>
    /// Products (primaries, and stand-ins for missing primaries) in feed order, and each one's variants. A
    /// variant attaches to its primary wherever the primary's line is; a stand-in takes the place of the first
    /// variant of its missing primary.
    /// </summary>
    private static (CatalogProduct[], CatalogProduct[][], Dictionary<string, int>, Dictionary<string, int>, Dictionary<string, int>) RollUpVariants(
        CatalogProduct[] all, IngestionStreamReport? report)
    {
        var primaryIds = new HashSet<string>(StringComparer.Ordinal);
        var primaryOfVariant = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var product in all)
        {
            if (!product.IsVariant) primaryIds.Add(product.Id);
            else primaryOfVariant[product.Id] = product.PrimaryProductId;
        }

        // A variant naming another variant (against the API's rules, but feeds do it) belongs to that one's primary.
        string? PrimaryOf(CatalogProduct variant)
        {
            string? id = variant.PrimaryProductId;
            for (int hops = 0; id is not null && hops < 8 && !primaryIds.Contains(id) && primaryOfVariant.TryGetValue(id, out var next) && next != id; hops++)
                id = next;
            return id;
        }

        var served = new List<CatalogProduct>(all.Length);
        var indexById = new Dictionary<string, int>(all.Length, StringComparer.Ordinal);
        var standInByPrimaryId = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<(CatalogProduct Variant, string PrimaryId)>();
        foreach (var product in all)
        {
            if (!product.IsVariant)
            {
                indexById.Add(product.Id, served.Count);
                served.Add(product);
                continue;
            }
            string? primaryId = PrimaryOf(product);
            if (primaryId is not null && primaryIds.Contains(primaryId))
            {
                pending.Add((product, primaryId));
                continue;
            }
            report?.CountWarning(IngestionWarnings.MissingPrimaryProduct, product.LineNumber);
            string group = primaryId ?? product.Id;
            if (standInByPrimaryId.ContainsKey(group))
            {
                pending.Add((product, group));
                continue;
            }
            standInByPrimaryId.Add(group, served.Count);
            indexById.Add(product.Id, served.Count);
            pending.Add((product, group)); // a stand-in lists itself among its primary's variants
            served.Add(product);
        }

        var variants = new List<CatalogProduct>?[served.Count];
        var variantIndexById = new Dictionary<string, int>(pending.Count, StringComparer.Ordinal);
        foreach (var (variant, primaryId) in pending)
        {
            int index = standInByPrimaryId.TryGetValue(primaryId, out int standIn) ? standIn : indexById[primaryId];
            (variants[index] ??= new List<CatalogProduct>(4)).Add(variant);
            if (!indexById.ContainsKey(variant.Id)) variantIndexById.Add(variant.Id, index);
        }
        // The missing primary's own id names its stand-in too (events often name the primary a feed left out).
        var missingPrimaryIndexById = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (primaryId, standIn) in standInByPrimaryId)
            if (!indexById.ContainsKey(primaryId) && !primaryOfVariant.ContainsKey(primaryId)) missingPrimaryIndexById.Add(primaryId, standIn);
        return (served.ToArray(), variants.Select(v => v?.ToArray() ?? []).ToArray(), indexById, variantIndexById, missingPrimaryIndexById);
    }

    public static ProductCatalog FromProducts(IEnumerable<RetailProduct> products)
    {
        var vocabulary = new StringPool(); // lower-cased colours and age groups shared across the catalog
        return new(products.Select(product => CatalogProduct.From(product, vocabulary)));
    }

    /// <summary>Reads a Product NDJSON stream into a catalog, counting lines into <paramref name="report"/>.</summary>
    public static ProductCatalog Read(Stream productsNdjson, IngestionStreamReport report)
    {
        var vocabulary = new StringPool(); // one pool for parsing and deriving: "red" is one string in the whole catalog
        var rejected = new List<string>();
        var products = RetailProductReader.Read(productsNdjson, report, vocabulary, rejected)
            .Select(product => CatalogProduct.From(product, vocabulary)).ToList();
        return new ProductCatalog(products, rejected, report);
    }

    /// <summary>Products as served (primaries; variants roll up to them).</summary>
    public int Count => _products.Length;
    public CatalogProduct this[int index] => _products[index];
    public IReadOnlyList<CatalogProduct> Products => _products;

    /// <summary>The variants of product <paramref name="index"/>, in feed order (empty for a product without any).</summary>
    public IReadOnlyList<CatalogProduct> VariantsOf(int index) => _variants[index];

    /// <summary>How many variants roll up to products.</summary>
    public int VariantCount => _variantIndexById.Count;

    /// <summary>Product id → index (ordinal), products only (see <see cref="TryGetIndex(string, out int)"/> for variant ids). Read-only by contract.</summary>
    public IReadOnlyDictionary<string, int> IndexById => _indexById;

    /// <summary>The product's index; for a variant's id its primary's; for a missing primary's id the variant standing in for it.</summary>
    public bool TryGetIndex(string id, out int index) =>
        _indexById.TryGetValue(id, out index) || _variantIndexById.TryGetValue(id, out index) || _missingPrimaryIndexById.TryGetValue(id, out index);

    /// <summary>Looks up an id without allocating a string; a variant's id gives its primary's index.</summary>
    public bool TryGetIndex(ReadOnlySpan<char> id, out int index) =>
        _indexBySpan.TryGetValue(id, out index) || _variantIndexBySpan.TryGetValue(id, out index)
        || _missingPrimaryIndexById.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out index);

    /// <summary>Ids of primaries missing from the feed that variants name, each with the index of the variant standing in for it.</summary>
    public IReadOnlyDictionary<string, int> MissingPrimaries => _missingPrimaryIndexById;

    /// <summary>Whether the id names a variant (which resolves to its primary).</summary>
    public bool IsVariantId(string id) => _variantIndexById.ContainsKey(id);

    /// <summary>Whether a product line with this id was rejected (and no accepted line has the id).</summary>
    public bool WasRejected(string id) => _rejectedIds.Contains(id);

    /// <summary>What an id names (used on every event's product reference): one string lookup.</summary>
    internal IdKind Resolve(string id, out int index)
    {
        if (_indexById.TryGetValue(id, out index)) return IdKind.Product;
        if (_variantIndexById.TryGetValue(id, out index) || _missingPrimaryIndexById.TryGetValue(id, out index)) return IdKind.Variant;
        index = NoIndex;
        return _rejectedIds.Contains(id) ? IdKind.Rejected : IdKind.None;
    }

    /// <summary>What a UTF-8 id names, as it appears in JSON (no decoding): one table lookup.</summary>
    internal IdKind Resolve(ReadOnlySpan<byte> utf8Id, out int index)
    {
        var utf8Index = _indexByUtf8 ?? BuildUtf8Index();
        int keyId = utf8Index.Table.IndexOf(utf8Id);
        if (keyId < 0)
        {
            index = NoIndex;
            return IdKind.None;
        }
        index = utf8Index.CatalogIndexByKeyId[keyId];
        return utf8Index.KindByKeyId[keyId];
    }

    private Utf8Index BuildUtf8Index()
    {
        var table = new Utf8KeyTable(_indexById.Count + _variantIndexById.Count + _rejectedIds.Count);
        var indices = new List<int>(table.Count);
        var kinds = new List<IdKind>(table.Count);
        void Add(string id, int index, IdKind kind)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(id);
            if (!Encoding.UTF8.GetString(utf8).Equals(id, StringComparison.Ordinal)) return; // a lone surrogate: only findable by string
            table.GetOrAdd(utf8, out bool added);
            if (!added) return;
            indices.Add(index);
            kinds.Add(kind);
        }
        for (int i = 0; i < _products.Length; i++) Add(_products[i].Id, i, IdKind.Product);
        foreach (var (id, index) in _variantIndexById) Add(id, index, IdKind.Variant);
        foreach (var (id, index) in _missingPrimaryIndexById) Add(id, index, IdKind.Variant);
        foreach (string id in _rejectedIds) Add(id, NoIndex, IdKind.Rejected);
        var built = new Utf8Index(table, indices.ToArray(), kinds.ToArray());
        return Interlocked.CompareExchange(ref _indexByUtf8, built, null) ?? built; // racing builders agree; keep one
    }

    /// <summary>The index (a variant's id gives its primary's), or <see cref="NoIndex"/> when the id is not in the catalog.</summary>
    public int IndexOf(string id) => TryGetIndex(id, out int index) ? index : NoIndex;

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
