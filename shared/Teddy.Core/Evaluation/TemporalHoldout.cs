using Teddy.Interactions;

namespace Teddy.Evaluation;

/// <summary>
/// A temporal hold-out split: for every user with at least <c>minProducts</c> interacted products, the
/// products they came to last (by first interaction time) — the last <c>fraction</c> of them, at least one —
/// are held out, and every interaction with those (user, product) pairs is removed from training. What a
/// model trained on <see cref="Training"/> may know of a held-out pair is therefore nothing.
/// </summary>
public sealed class TemporalHoldout
{
    public InteractionSet Training { get; }
    /// <summary>User index → held-out product indices, sorted.</summary>
    public IReadOnlyDictionary<int, int[]> HeldOut { get; }
    public int HeldOutInteractions { get; }

    private TemporalHoldout(InteractionSet training, Dictionary<int, int[]> heldOut)
    {
        Training = training;
        HeldOut = heldOut;
        HeldOutInteractions = heldOut.Values.Sum(h => h.Length);
    }

    public static TemporalHoldout Split(InteractionSet all, double fraction, int minProducts)
    {
        if (fraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), "The hold-out fraction must be in (0, 1).");
        var heldOut = new Dictionary<int, int[]>();
        var keep = new List<Interaction>(all.Count);
        for (int user = 0; user < all.UserCount; user++)
        {
            var mine = all.ForUser(user);
            if (mine.Length < Math.Max(2, minProducts))
            {
                foreach (var interaction in mine) keep.Add(interaction);
                continue;
            }
            var byTime = mine.ToArray();
            Array.Sort(byTime, (a, b) => a.FirstTime != b.FirstTime ? a.FirstTime.CompareTo(b.FirstTime) : a.Product.CompareTo(b.Product));
            int holdCount = Math.Max(1, (int)Math.Floor(byTime.Length * fraction));
            int cut = byTime.Length - holdCount;
            for (int i = 0; i < cut; i++) keep.Add(byTime[i]);
            heldOut[user] = byTime[cut..].Select(i => i.Product).Order().ToArray();
        }
        return new TemporalHoldout(all.WithInteractions(keep), heldOut);
    }
}
