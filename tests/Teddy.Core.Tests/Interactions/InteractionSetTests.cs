using Teddy.Interactions;

namespace Teddy.Core.Tests.Interactions;

public class InteractionSetTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static Interaction At(int user, int product, double weight, int day) =>
        new(user, product, weight, 1, T0.AddDays(day), T0.AddDays(day));

    private static InteractionSet Set() => new(["u0", "u1", "u2"], productCount: 4,
    [
        At(1, 3, 1, 5), At(0, 2, 3, 1), At(1, 0, 5, 9), At(0, 1, 1, 2), At(1, 2, 1, 1),
    ]);

    [Fact]
    public void Interactions_are_sorted_by_user_then_product()
    {
        var set = Set();
        Assert.Equal([(0, 1), (0, 2), (1, 0), (1, 2), (1, 3)], set.Interactions.Select(i => (i.User, i.Product)));
        Assert.Equal(3, set.UserCount);
        Assert.Equal(4, set.ProductCount);
        Assert.Equal(0, set.ForUser(2).Length);
        Assert.Equal([0, 2, 3], set.ForUser(1).ToArray().Select(i => i.Product));
    }

    [Fact]
    public void A_subset_keeps_the_user_and_product_index_spaces()
    {
        var set = Set();
        // Hold out each user's latest interaction, as the evaluation will.
        var latest = Enumerable.Range(0, set.UserCount)
            .Where(user => set.ForUser(user).Length > 0)
            .Select(user => set.ForUser(user).ToArray().MaxBy(i => i.LastTime))
            .ToHashSet();

        var training = set.Where(interaction => !latest.Contains(interaction));

        Assert.Equal(set.UserIds.AsEnumerable(), training.UserIds.AsEnumerable());
        Assert.Equal(4, training.ProductCount);
        Assert.Equal([(0, 2), (1, 2), (1, 3)], training.Interactions.Select(i => (i.User, i.Product)));
        var matrix = training.ToMatrix();
        Assert.Equal((3, 4), (matrix.Rows, matrix.Columns));
        Assert.Equal(0, matrix[1, 0]);
        Assert.Equal(1, matrix[1, 3]);
        Assert.True(training.TryGetUserIndex("u1", out int u1));
        Assert.Equal(1, u1);
    }

    [Fact]
    public void WithInteractions_accepts_any_order()
    {
        var subset = Set().WithInteractions([At(2, 3, 2, 0), At(0, 0, 1, 0)]);
        Assert.Equal([(0, 0), (2, 3)], subset.Interactions.Select(i => (i.User, i.Product)));
    }

    [Fact]
    public void Out_of_range_indices_and_duplicate_pairs_are_rejected()
    {
        var set = Set();
        Assert.Throws<ArgumentOutOfRangeException>(() => set.WithInteractions([At(3, 0, 1, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.WithInteractions([At(0, 4, 1, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.WithInteractions([At(-1, 0, 1, 0)]));
        Assert.Throws<ArgumentException>(() => set.WithInteractions([At(0, 0, 1, 0), At(0, 0, 2, 1)]));
        Assert.Throws<ArgumentException>(() => new InteractionSet(["u", "u"], 1, []));
    }

    [Fact]
    public void An_empty_set_gives_an_empty_matrix_of_the_right_shape()
    {
        var matrix = new InteractionSet(["u0", "u1"], 3, []).ToMatrix();
        Assert.Equal((2, 3, 0), (matrix.Rows, matrix.Columns, matrix.NonZeros));
    }
}
