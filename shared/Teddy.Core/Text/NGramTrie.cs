using System.Runtime.InteropServices;

namespace Teddy.Text;

/// <summary>
/// Terms (word n-grams) as nodes of a trie over token ids: a unigram is found by its token id, a longer
/// n-gram by (the node of its first n-1 tokens, its last token). Interning a document's terms therefore costs
/// an array read per unigram and one dictionary probe per longer n-gram, and never builds a string; the text
/// of a term is materialised only on request (<see cref="TermText"/>). Node ids are dense, in order of
/// first appearance. Not thread-safe for writes; concurrent finds are safe once building is over.
/// </summary>
internal sealed class NGramTrie
{
    private readonly List<int> unigramNodeByToken = [];
    private readonly Dictionary<long, int> childNodes = new(ChildKeyComparer.Instance);
    private readonly List<int> parents = [];
    private readonly List<int> lastTokens = [];

    public int Count => parents.Count;

    /// <summary>The node of the term's first n-1 tokens, or -1 for a unigram.</summary>
    public int Parent(int node) => parents[node];

    public int LastToken(int node) => lastTokens[node];

    public int FindUnigram(int token) =>
        (uint)token < (uint)unigramNodeByToken.Count ? unigramNodeByToken[token] : -1;

    public int FindChild(int node, int token) =>
        node >= 0 && token >= 0 && childNodes.TryGetValue(Key(node, token), out int child) ? child : -1;

    public int GetOrAddUnigram(int token)
    {
        while (unigramNodeByToken.Count <= token)
            unigramNodeByToken.Add(-1);
        int node = unigramNodeByToken[token];
        if (node < 0)
        {
            node = AddNode(-1, token);
            unigramNodeByToken[token] = node;
        }
        return node;
    }

    public int GetOrAddChild(int node, int token)
    {
        ref int child = ref CollectionsMarshal.GetValueRefOrAddDefault(childNodes, Key(node, token), out bool exists);
        if (!exists)
            child = AddNode(node, token);
        return child;
    }

    /// <summary>The term as sklearn spells it: its tokens joined by single spaces.</summary>
    public string TermText(int node, TokenTable tokens)
    {
        int length = -1;
        for (int at = node; at >= 0; at = parents[at])
            length += tokens[lastTokens[at]].Length + 1;
        return string.Create(length, (Trie: this, Node: node, Tokens: tokens), static (chars, state) =>
        {
            int end = chars.Length;
            for (int at = state.Node; at >= 0; at = state.Trie.parents[at])
            {
                string token = state.Tokens[state.Trie.lastTokens[at]];
                end -= token.Length;
                token.CopyTo(chars[end..]);
                if (end > 0)
                    chars[--end] = ' ';
            }
        });
    }

    private int AddNode(int parent, int token)
    {
        parents.Add(parent);
        lastTokens.Add(token);
        return parents.Count - 1;
    }

    private static long Key(int node, int token) => ((long)node << 32) | (uint)token;

    // long's own hash is (high ^ low), and node ^ token collides massively (both are small, dense ids):
    // at 143k documents that made interning 50x slower. Fibonacci hashing spreads the pairs.
    private sealed class ChildKeyComparer : IEqualityComparer<long>
    {
        public static readonly ChildKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
}
