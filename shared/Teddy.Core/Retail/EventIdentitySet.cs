using System.Runtime.CompilerServices;
using Teddy.LinearAlgebra;

namespace Teddy.Retail;

/// <summary>
/// The events an ingestion has accepted so far, as identities (see <see cref="RetailEventParser.Identity"/>), to
/// tell an event sent twice. One per events stream, one add per accepted event: an open-addressing table of
/// 16-byte keys (user key id and digest, UTC ticks), at most half full, so an add is one hash and usually one
/// slot. Not HashSet: on an ingestion's first (and often only) run its generic code would run unoptimised.
/// </summary>
internal sealed class EventIdentitySet
{
    private const long Empty = long.MinValue; // no event has negative ticks
    private (ulong Key, long Ticks)[] _slots = NewSlots(1 << 16); // 1 MiB: a small shop never grows it, a big one seldom
    private int _count;

    /// <summary>False when an equal identity was added before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(in EventIdentity identity)
    {
        ulong key = (ulong)(uint)identity.User << 32 | (uint)HashCode.Combine(identity.About, identity.Type);
        long ticks = identity.UtcTicks;
        if (_count * 2 >= _slots.Length) Grow();
        int mask = _slots.Length - 1;
        for (int i = Slot(key, ticks, mask); ; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot.Ticks == Empty)
            {
                slot = (key, ticks);
                _count++;
                return true;
            }
            if (slot.Key == key && slot.Ticks == ticks) return false;
        }
    }

    /// <summary>
    /// Where a key's probe starts: a 64-slot window chosen by the user and a ~15-minute span of time, then a spot in it
    /// by the whole key. One shopper's events of one session land in the same few cache lines, so a feed that keeps
    /// sessions together (most do) reads memory it has just touched instead of a random place in the whole table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong key, long ticks, int mask)
    {
        ulong window = SplitMix64.Mix((key >> 32) ^ (ulong)(ticks >> 33) * 0x9E3779B97F4A7C15UL);
        ulong spot = SplitMix64.Mix(key ^ (ulong)ticks * 0xC2B2AE3D27D4EB4FUL) & 63;
        return (int)((window & ~63UL) + spot) & mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls, each a long loop: tier 0 would run them unoptimised
    private void Grow()
    {
        var old = _slots;
        _slots = NewSlots(old.Length * 2);
        int mask = _slots.Length - 1;
        foreach (var (key, ticks) in old)
        {
            if (ticks == Empty) continue;
            int i = Slot(key, ticks, mask);
            while (_slots[i].Ticks != Empty) i = (i + 1) & mask;
            _slots[i] = (key, ticks);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (ulong, long)[] NewSlots(int size)
    {
        var slots = new (ulong, long)[size];
        slots.AsSpan().Fill((0, Empty));
        return slots;
    }
}
