using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Teddy.LinearAlgebra;

namespace Teddy.Interactions;

/// <summary>
/// The user-item interactions the recommenders train on: one <see cref="Interaction"/> per (user, product),
/// sorted by user then product, with the user id table. Product indices are the catalog's; the matrix
/// therefore has one column per catalog product, interacted with or not. Immutable; subsets share the
/// index spaces, so a model trained on a subset scores the same users and products.
/// </summary>
public sealed class InteractionSet
{
    private readonly Interaction[] _interactions;
    private readonly int[] _userOffsets; // user u's interactions are [_userOffsets[u], _userOffsets[u + 1])
    private readonly ImmutableArray<string> _userIds;
    private readonly Dictionary<string, int> _userIndexById;

    /// <param name="userIds">The user table: index → user key; keys must be distinct.</param>
    /// <param name="productCount">The number of catalog products (matrix columns).</param>
    /// <param name="interactions">At most one per (user, product), indices within range; any order.</param>
    public InteractionSet(IReadOnlyList<string> userIds, int productCount, IEnumerable<Interaction> interactions)
        : this([.. userIds], BuildUserIndex(userIds), productCount, (interactions ?? throw new ArgumentNullException(nameof(interactions))).ToArray())
    {
    }

    /// <summary>Takes ownership of <paramref name="interactions"/> (sorted in place): callers pass an array nobody else holds.</summary>
    internal InteractionSet(ImmutableArray<string> userIds, Dictionary<string, int> userIndexById, int productCount, Interaction[] interactions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(productCount);
        _userIds = userIds;
        _userIndexById = userIndexById;
        ProductCount = productCount;
        _interactions = SortedAndChecked(interactions, userIds.Length, productCount);
        _userOffsets = UserOffsets(_interactions, userIds.Length);
    }

    /// <summary>For a user table built by the caller in a single pass; ids must be distinct.</summary>
    internal static InteractionSet FromOwnedArrays(string[] userIds, int productCount, Interaction[] interactions) =>
        new(ImmutableCollectionsMarshal.AsImmutableArray(userIds), BuildUserIndex(userIds), productCount, interactions);

    public int UserCount => _userIds.Length;
    public int ProductCount { get; }
    public int Count => _interactions.Length;

    /// <summary>All interactions, sorted by (user, product).</summary>
    public ImmutableArray<Interaction> Interactions => ImmutableCollectionsMarshal.AsImmutableArray(_interactions);

    /// <summary>User index → user key (userInfo.userId, else visitorId).</summary>
    public ImmutableArray<string> UserIds => _userIds;

    public string UserIdOf(int user) => _userIds[user];

    public bool TryGetUserIndex(string userId, out int user) => _userIndexById.TryGetValue(userId, out user);

    /// <summary>One user's interactions, sorted by product.</summary>
    public ReadOnlySpan<Interaction> ForUser(int user) =>
        _interactions.AsSpan(_userOffsets[user], _userOffsets[user + 1] - _userOffsets[user]);

    /// <summary>Users × catalog products, value = summed weight.</summary>
    public CsrMatrix ToMatrix()
    {
        var columns = new int[_interactions.Length];
        var values = new double[_interactions.Length];
        for (int i = 0; i < _interactions.Length; i++)
        {
            columns[i] = _interactions[i].Product;
            values[i] = _interactions[i].Weight;
        }
        return new CsrMatrix(UserCount, ProductCount, (int[])_userOffsets.Clone(), columns, values);
    }

    /// <summary>
    /// A set over the same users and products holding only <paramref name="interactions"/> (e.g. the training part
    /// after holding out each user's latest interactions). Users without interactions stay in the table as empty rows.
    /// </summary>
    public InteractionSet WithInteractions(IEnumerable<Interaction> interactions) =>
        new(_userIds, _userIndexById, ProductCount, (interactions ?? throw new ArgumentNullException(nameof(interactions))).ToArray());

    public InteractionSet Where(Func<Interaction, bool> keep) => WithInteractions(_interactions.Where(keep));

    private static Dictionary<string, int> BuildUserIndex(IReadOnlyList<string> userIds)
    {
        var index = new Dictionary<string, int>(userIds.Count, StringComparer.Ordinal);
        for (int i = 0; i < userIds.Count; i++)
            if (!index.TryAdd(userIds[i], i))
                throw new ArgumentException($"User id '{userIds[i]}' appears twice.", nameof(userIds));
        return index;
    }

    private static Interaction[] SortedAndChecked(Interaction[] interactions, int userCount, int productCount)
    {
        if (IsStrictlyOrdered(interactions))
        {
            // The aggregator's output is already ordered: only the ranges need checking.
            foreach (var interaction in interactions)
                if ((uint)interaction.User >= (uint)userCount || (uint)interaction.Product >= (uint)productCount)
                    throw new ArgumentOutOfRangeException(nameof(interactions), $"({interaction.User}, {interaction.Product}) is outside {userCount} users × {productCount} products.");
            return interactions;
        }
        var keys = new long[interactions.Length];
        for (int i = 0; i < interactions.Length; i++)
        {
            var (user, product) = (interactions[i].User, interactions[i].Product);
            if ((uint)user >= (uint)userCount || (uint)product >= (uint)productCount)
                throw new ArgumentOutOfRangeException(nameof(interactions), $"({user}, {product}) is outside {userCount} users × {productCount} products.");
            keys[i] = ((long)user << 32) | (uint)product;
        }
        Array.Sort(keys, interactions);
        for (int i = 1; i < keys.Length; i++)
            if (keys[i] == keys[i - 1])
                throw new ArgumentException($"(user {interactions[i].User}, product {interactions[i].Product}) appears twice; aggregate first.", nameof(interactions));
        return interactions;
    }

    private static bool IsStrictlyOrdered(Interaction[] interactions)
    {
        for (int i = 1; i < interactions.Length; i++)
        {
            var (previous, current) = (interactions[i - 1], interactions[i]);
            if (current.User < previous.User || (current.User == previous.User && current.Product <= previous.Product)) return false;
        }
        return true;
    }

    private static int[] UserOffsets(Interaction[] sorted, int userCount)
    {
        var offsets = new int[userCount + 1];
        foreach (var interaction in sorted) offsets[interaction.User + 1]++;
        for (int u = 0; u < userCount; u++) offsets[u + 1] += offsets[u];
        return offsets;
    }
}
