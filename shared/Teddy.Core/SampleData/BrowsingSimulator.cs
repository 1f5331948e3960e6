namespace Teddy.SampleData;

/// <summary>
/// Plays out one visitor's sessions until their event budget is spent. A session may open on the
/// home page or with a search, then the visitor views products (see <see cref="ProductPicker"/>),
/// sometimes opening a category page when moving to another shelf, adds some of what they viewed to
/// the cart, and may check out at the end. The cart survives between sessions, as real carts do.
/// The buffers are reused from visitor to visitor, so memory does not grow with the event count.
/// </summary>
internal sealed class BrowsingSimulator(SampleCatalog catalog)
{
    // Tuned so that, overall, about 70% of events are detail-page-views, 15% add-to-cart,
    // 5% purchase-complete and 10% the weight-0 types (home-page-view, search, category-page-view).
    private const double OpensOnHomePage = 0.30;
    private const double OpensWithSearch = 0.12;
    private const double CategoryPageOnEntering = 0.22;
    private const double AddsViewedToCart = 0.19;
    private const double AddsFromListing = 0.035;   // add-to-cart straight from a listing, no view first
    private const double ChecksOut = 0.62;
    private const double ContinuesSession = 0.82;   // geometric session length, mean about 5.5 products
    private const int MaxCartLines = 6;

    private readonly ProductPicker _picker = new(catalog);
    private readonly List<(int Product, int Quantity)> _cart = [];
    private ShopperEvent[] _events = new ShopperEvent[64];
    private int _budget;

    public int Count { get; private set; }
    public Span<ShopperEvent> Events => _events.AsSpan(0, Count);

    /// <summary>Purchase lines, referenced by <see cref="ShopperEvent.PurchaseFirst"/>.</summary>
    public List<(int Product, int Quantity)> PurchaseLines { get; } = [];

    /// <summary>Number of sessions of the last simulated visitor.</summary>
    public int Sessions { get; private set; }

    public void Simulate(ShopperPreferences visitor, SampleRandom random)
    {
        _budget = visitor.EventBudget;
        if (_events.Length < _budget) _events = new ShopperEvent[Math.Max(_budget, _events.Length * 2)];
        Count = 0;
        Sessions = 0;
        PurchaseLines.Clear();
        _cart.Clear();
        _picker.StartVisitor();

        while (!Full)
        {
            RunSession(visitor, Sessions, random);
            Sessions++;
        }
    }

    private bool Full => Count >= _budget;

    private void RunSession(ShopperPreferences visitor, int session, SampleRandom random)
    {
        _picker.SessionCategory = -1;
        double opening = random.NextDouble();
        if (opening < OpensOnHomePage)
        {
            Emit(new ShopperEvent { Kind = UserEventKind.HomePageView }, session);
        }
        else if (opening < OpensOnHomePage + OpensWithSearch)
        {
            // A focused search names a favourite shelf and the session stays there; otherwise a gift query.
            int category = random.Chance(visitor.Focus) ? visitor.DrawCategory(random) : -1;
            _picker.SessionCategory = category;
            Emit(new ShopperEvent { Kind = UserEventKind.Search, SearchQuery = SearchPhrases.For(catalog, visitor, category, random) }, session);
        }

        do
        {
            int product = _picker.Pick(visitor, Count, random, out bool enteredCategory);
            if (enteredCategory && random.Chance(CategoryPageOnEntering))
                Emit(new ShopperEvent { Kind = UserEventKind.CategoryPageView, Category = _picker.SessionCategory }, session);
            bool inStock = catalog.Products[product].InStock;
            if (inStock && random.Chance(AddsFromListing))
            {
                AddToCart(product, random, session);
                continue;
            }
            Emit(new ShopperEvent { Kind = UserEventKind.DetailPageView, Product = product }, session);
            if (inStock && random.Chance(AddsViewedToCart)) AddToCart(product, random, session);
        }
        while (!Full && random.Chance(ContinuesSession));

        if (_cart.Count > 0 && random.Chance(ChecksOut)) CheckOut(session);
    }

    private void AddToCart(int product, SampleRandom random, int session)
    {
        int quantity = random.Chance(0.88) ? 1 : random.Between(2, 3);
        if (!Emit(new ShopperEvent { Kind = UserEventKind.AddToCart, Product = product, Quantity = quantity }, session)) return;
        int line = _cart.FindIndex(l => l.Product == product);
        if (line >= 0) _cart[line] = (product, _cart[line].Quantity + quantity);
        else
        {
            if (_cart.Count == MaxCartLines) _cart.RemoveAt(0);
            _cart.Add((product, quantity));
        }
    }

    private void CheckOut(int session)
    {
        long revenue = 0;
        foreach (var (product, quantity) in _cart) revenue += catalog.Products[product].PriceCents * quantity;
        var purchase = new ShopperEvent
        {
            Kind = UserEventKind.PurchaseComplete,
            PurchaseFirst = PurchaseLines.Count,
            PurchaseCount = _cart.Count,
            RevenueCents = revenue,
        };
        if (!Emit(purchase, session)) return;
        PurchaseLines.AddRange(_cart);
        _cart.Clear();
    }

    private bool Emit(ShopperEvent e, int session)
    {
        if (Full) return false;
        e.Session = session;
        if (e.Kind is not (UserEventKind.DetailPageView or UserEventKind.AddToCart)) e.Product = -1;
        if (e.Kind != UserEventKind.CategoryPageView) e.Category = -1;
        _events[Count++] = e;
        return true;
    }
}
