using Teddy.Evaluation;
using Teddy.Interactions;

namespace Teddy.Core.Tests.Evaluation;

public class TemporalHoldoutTests
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);

    private static Interaction At(int user, int product, int day, double weight = 1) =>
        new(user, product, weight, 1, T0.AddDays(day), T0.AddDays(day + 1));

    [Fact]
    public void The_latest_products_of_eligible_users_are_held_out_and_never_trained_on()
    {
        var interactions = new List<Interaction>();
        // User 0: 10 products on days 0..9 → the last 2 (products 8, 9) are held out.
        for (int p = 0; p < 10; p++) interactions.Add(At(0, p, p));
        // User 1: 5 products, days in reverse product order → product 0 (day 4) is the latest.
        for (int p = 0; p < 5; p++) interactions.Add(At(1, p, 4 - p));
        // User 2: 4 products, too few to evaluate: all stay in training.
        for (int p = 0; p < 4; p++) interactions.Add(At(2, p, p));
        var all = new InteractionSet(["u0", "u1", "u2"], 10, interactions);

        var split = TemporalHoldout.Split(all, fraction: 0.2, minProducts: 5);

        Assert.Equal([8, 9], split.HeldOut[0]);
        Assert.Equal([0], split.HeldOut[1]);
        Assert.False(split.HeldOut.ContainsKey(2));
        Assert.Equal(3, split.HeldOutInteractions);
        Assert.Equal(all.Count - 3, split.Training.Count);

        // No leak: no held-out (user, product) pair appears in training with any weight.
        foreach (var (user, products) in split.HeldOut)
            foreach (var interaction in split.Training.ForUser(user))
                Assert.DoesNotContain(interaction.Product, products);
        var matrix = split.Training.ToMatrix();
        Assert.Equal(0.0, matrix[0, 8]);
        Assert.Equal(0.0, matrix[1, 0]);
        Assert.Equal(1.0, matrix[2, 3]);
    }

    [Fact]
    public void The_order_is_by_first_interaction_time_with_ties_broken_by_product()
    {
        var interactions = Enumerable.Range(0, 5).Select(p => At(0, p, 0)).ToList();
        var split = TemporalHoldout.Split(new InteractionSet(["u"], 5, interactions), 0.2, 5);
        Assert.Equal([4], split.HeldOut[0]);
    }

    [Fact]
    public void The_fraction_must_make_sense() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TemporalHoldout.Split(new InteractionSet([], 0, []), 1.0, 5));
}
