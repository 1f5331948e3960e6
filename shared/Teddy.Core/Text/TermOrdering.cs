namespace Teddy.Text;

/// <summary>
/// Sorts the terms of an <see cref="NGramTrie"/> into Python string order (what sklearn's
/// <c>_sort_features</c> does with <c>sorted(vocabulary.items())</c>) without building their strings.
/// A term is its tokens joined by spaces, and a space sorts below every word character, so comparing the
/// joined strings equals comparing the token sequences token by token, a shorter prefix first. That order is
/// the trie's pre-order walk with each node's children visited in token order.
/// </summary>
internal static class TermOrdering
{
    /// <summary>All node ids of <paramref name="trie"/>, in code-point order of their term text.</summary>
    public static int[] NodesInTermOrder(NGramTrie trie, TokenTable tokens)
    {
        int[] tokenRank = TokenRanks(tokens);
        int nodeCount = trie.Count;

        // Group nodes by parent (counting sort; group 0 holds the unigrams, group p + 1 the children of p).
        var groupStart = new int[nodeCount + 2];
        for (int node = 0; node < nodeCount; node++)
            groupStart[trie.Parent(node) + 2]++;
        for (int g = 1; g < groupStart.Length; g++)
            groupStart[g] += groupStart[g - 1];
        var grouped = new int[nodeCount];
        var groupedRank = new int[nodeCount];
        var next = groupStart.AsSpan(0, nodeCount + 1).ToArray();
        for (int node = 0; node < nodeCount; node++)
        {
            int slot = next[trie.Parent(node) + 1]++;
            grouped[slot] = node;
            groupedRank[slot] = tokenRank[trie.LastToken(node)];
        }
        for (int g = 0; g <= nodeCount; g++)
        {
            int start = groupStart[g], length = groupStart[g + 1] - start;
            if (length > 1)
                Array.Sort(groupedRank, grouped, start, length);
        }

        // Iterative pre-order walk; children are pushed in reverse so the smallest pops first.
        var ordered = new int[nodeCount];
        int written = 0;
        var pending = new Stack<int>();
        PushChildren(pending, grouped, groupStart, group: 0);
        while (pending.Count > 0)
        {
            int node = pending.Pop();
            ordered[written++] = node;
            PushChildren(pending, grouped, groupStart, group: node + 1);
        }
        return ordered;
    }

    private static void PushChildren(Stack<int> pending, int[] grouped, int[] groupStart, int group)
    {
        for (int slot = groupStart[group + 1] - 1; slot >= groupStart[group]; slot--)
            pending.Push(grouped[slot]);
    }

    private static int[] TokenRanks(TokenTable tokens)
    {
        var byText = new int[tokens.Count];
        for (int id = 0; id < byText.Length; id++)
            byText[id] = id;
        Array.Sort(byText, (a, b) => CodePointComparer.Compare(tokens[a], tokens[b]));
        var rank = new int[tokens.Count];
        for (int position = 0; position < byText.Length; position++)
            rank[byText[position]] = position;
        return rank;
    }
}
