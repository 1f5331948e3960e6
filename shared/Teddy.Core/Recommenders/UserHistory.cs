namespace Teddy.Recommenders;

/// <summary>
/// What a model knows of one user: their index in the model's user table (or -1 for a user it has never
/// seen) and the products they interacted with, with summed event weights, sorted by product index.
/// </summary>
public readonly struct UserHistory
{
    public const int UnknownUser = -1;

    public string UserId { get; }
    public int Index { get; }
    public ReadOnlyMemory<int> Products { get; }
    public ReadOnlyMemory<double> Weights { get; }

    public UserHistory(string userId, int index, ReadOnlyMemory<int> products, ReadOnlyMemory<double> weights)
    {
        if (products.Length != weights.Length) throw new ArgumentException("Products and weights must be parallel.");
        UserId = userId;
        Index = index;
        Products = products;
        Weights = weights;
    }

    public static UserHistory Unknown(string userId) => new(userId, UnknownUser, ReadOnlyMemory<int>.Empty, ReadOnlyMemory<double>.Empty);

    public bool IsKnown => Index != UnknownUser;
    public bool IsEmpty => Products.IsEmpty;
}
