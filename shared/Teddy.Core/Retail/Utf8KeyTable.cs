using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Teddy.Retail;

/// <summary>
/// Maps UTF-8 byte keys to dense ids 0, 1, 2, ... in order of first insertion.
/// Why not Dictionary&lt;string, int&gt;: the ids in an events file arrive as UTF-8, and once the table outgrows the
/// CPU caches a lookup costs its dependent memory reads. Here a lookup hashes the raw bytes (no UTF-16 decoding)
/// and touches one slot and one arena record (length, id and key bytes side by side), where the dictionary reads
/// bucket, entry and string object. Open addressing, linear probing, at most half full. Not thread-safe for writes.
/// </summary>
internal sealed class Utf8KeyTable
{
    private const int HeaderBytes = 8; // int length, int id

    private ulong[] _slots;   // 0 = empty, else (hash << 32) | (arena offset + 1)
    private int _mask;
    private byte[] _arena;
    private int _arenaUsed;

    public Utf8KeyTable(int capacity = 16)
    {
        int size = 16;
        while (size < capacity * 2) size <<= 1;
        _slots = new ulong[size];
        _mask = size - 1;
        _arena = new byte[Math.Max(256, capacity * 16)];
    }

    public int Count { get; private set; }

    /// <summary>The key's id, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int IndexOf(ReadOnlySpan<byte> key)
    {
        uint hash = Hash(key);
        for (int i = (int)hash & _mask; ; i = (i + 1) & _mask)
        {
            ulong slot = _slots[i];
            if (slot == 0) return -1;
            if ((uint)(slot >> 32) == hash && KeyAt((int)(uint)slot - 1, out int id).SequenceEqual(key)) return id;
        }
    }

    /// <summary>The key's id; a new key gets the next id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int GetOrAdd(ReadOnlySpan<byte> key, out bool added)
    {
        uint hash = Hash(key);
        int i = (int)hash & _mask;
        for (; ; i = (i + 1) & _mask)
        {
            ulong slot = _slots[i];
            if (slot == 0) break;
            if ((uint)(slot >> 32) == hash && KeyAt((int)(uint)slot - 1, out int existing).SequenceEqual(key))
            {
                added = false;
                return existing;
            }
        }

        int id = Count++;
        int offset = Append(key, id);
        _slots[i] = ((ulong)hash << 32) | (uint)(offset + 1);
        if (Count * 2 > _slots.Length) Grow();
        added = true;
        return id;
    }

    /// <summary>
    /// HashCode is seeded per process, so crafted ids cannot be made to collide. Ids stay deterministic: they follow
    /// insertion order, never hash order.
    /// </summary>
    private static uint Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return (uint)hash.ToHashCode();
    }

    private ReadOnlySpan<byte> KeyAt(int offset, out int id)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(_arena.AsSpan(offset));
        id = BinaryPrimitives.ReadInt32LittleEndian(_arena.AsSpan(offset + 4));
        return _arena.AsSpan(offset + HeaderBytes, length);
    }

    private int Append(ReadOnlySpan<byte> key, int id)
    {
        int needed = HeaderBytes + key.Length;
        if ((long)_arenaUsed + needed > Array.MaxLength) throw new InvalidOperationException("Utf8KeyTable arena is full.");
        if (_arenaUsed + needed > _arena.Length)
            Array.Resize(ref _arena, (int)Math.Min(Array.MaxLength, Math.Max((long)_arena.Length * 2, (long)_arenaUsed + needed)));
        int offset = _arenaUsed;
        BinaryPrimitives.WriteInt32LittleEndian(_arena.AsSpan(offset), key.Length);
        BinaryPrimitives.WriteInt32LittleEndian(_arena.AsSpan(offset + 4), id);
        key.CopyTo(_arena.AsSpan(offset + HeaderBytes));
        _arenaUsed += needed;
        return offset;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _mask = _slots.Length - 1;
        foreach (ulong slot in old)
        {
            if (slot == 0) continue;
            int i = (int)(uint)(slot >> 32) & _mask;
            while (_slots[i] != 0) i = (i + 1) & _mask;
            _slots[i] = slot;
        }
    }
}
