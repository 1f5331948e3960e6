namespace Teddy.Recommenders;

/// <summary>
/// What a model knows of one user: their index in the model's user table (or -1 for a user it has never
/// seen) and the products they interacted with, with summed event weights, sorted by product index.
/// A history may also hold the user's events since the model was trained (real-time personalisation,
/// see <c>Teddy.Serving.RecentHistory</c>): then <see cref="RecentEvents"/> says how many were folded in, and
/// models that keep per-user state (the SVD's user factors) compute it from the history instead.
/// </summary>
public readonly struct UserHistory
{
    public const int UnknownUser = -1;

    public string UserId { get; }
    public int Index { get; }
    public ReadOnlyMemory<int> Products { get; }
    public ReadOnlyMemory<double> Weights { get; }

    /// <summary>How many events since the model was trained are folded into <see cref="Products"/>/<see cref="Weights"/>; 0 for the trained history.</summary>
    public int RecentEvents { get; }

    /// <param name="recentEvents">Events since training folded into the products and weights (0: the history as trained).</param>
    public UserHistory(string userId, int index, ReadOnlyMemory<int> products, ReadOnlyMemory<double> weights, int recentEvents = 0)
    {
        if (products.Length != weights.Length) throw new ArgumentException("Products and weights must be parallel.");
        ArgumentOutOfRangeException.ThrowIfNegative(recentEvents);
        UserId = userId;
        Index = index;
        Products = products;
        Weights = weights;
        RecentEvents = recentEvents;
    }

    public static UserHistory Unknown(string userId) => new(userId, UnknownUser, ReadOnlyMemory<int>.Empty, ReadOnlyMemory<double>.Empty);

    public bool IsKnown => Index != UnknownUser;
    public bool IsEmpty => Products.IsEmpty;

    /// <summary>Whether events since training were folded in (so the history differs from the one the model was fitted on).</summary>
    public bool HasRecentEvents => RecentEvents > 0;
}
