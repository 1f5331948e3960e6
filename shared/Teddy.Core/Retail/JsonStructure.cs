using System.Text.Json;

namespace Teddy.Retail;

/// <summary>What is wrong with a JSON text's structure (see <see cref="JsonStructure.Check"/>).</summary>
public enum JsonFlaw
{
    /// <summary>Not well-formed JSON (truncated, a stray character, a second value).</summary>
    Malformed,
    /// <summary>Objects and arrays nest deeper than the limit.</summary>
    TooDeep,
    /// <summary>An object names the same property twice (compared after unescaping, case-sensitively).</summary>
    DuplicateProperty,
    /// <summary>A property name or string is not valid text (invalid UTF-8, or an unpaired surrogate escape).</summary>
    InvalidText,
}

/// <summary>
/// A structural flaw, where it is: <paramref name="Path"/> is the field (<c>eventType</c>, <c>[3].productDetails[0].product.id</c>;
/// empty for the whole text); <paramref name="Line"/> and <paramref name="BytePositionInLine"/> are 1-based (for <see cref="JsonFlaw.Malformed"/>).
/// </summary>
public sealed record JsonStructureProblem(JsonFlaw Flaw, string Path, long Line = 0, long BytePositionInLine = 0);

/// <summary>
/// One pass over a JSON text that finds the flaws a parser either reports only through exception messages (depth) or
/// silently tolerates (a property given twice: the last one wins). Depth is counted here, never read from an
/// exception's words: the reader is allowed one level more than <c>maxDepth</c>, and a container opened at that level
/// is <see cref="JsonFlaw.TooDeep"/>; any <see cref="JsonException"/> is then <see cref="JsonFlaw.Malformed"/>.
/// </summary>
public static class JsonStructure
{
    private sealed class Frame(bool isObject)
    {
        public readonly bool IsObject = isObject;
        public int Index = -1;
        public string? Name;
        public HashSet<string>? Names;
    }

    /// <summary>The first flaw, or null when the text is one well-formed JSON value within the limits.</summary>
    /// <param name="maxDepth">How deeply objects and arrays may nest (the root container is level 1).</param>
    public static JsonStructureProblem? Check(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        var stack = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                if (stack.Count > 0 && !stack[^1].IsObject && reader.TokenType is not JsonTokenType.EndArray) stack[^1].Index++;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (reader.CurrentDepth + 1 > maxDepth) return new JsonStructureProblem(JsonFlaw.TooDeep, PathOf(stack));
                        stack.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                    {
                        var frame = stack[^1];
                        string name;
                        try
                        {
                            name = reader.GetString()!;
                        }
                        catch (InvalidOperationException)
                        {
                            return new JsonStructureProblem(JsonFlaw.InvalidText, PathOf(stack));
                        }
                        frame.Name = name;
                        if (!(frame.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                            return new JsonStructureProblem(JsonFlaw.DuplicateProperty, PathOf(stack));
                        break;
                    }
                    case JsonTokenType.String:
                        try
                        {
                            _ = reader.GetString();
                        }
                        catch (InvalidOperationException)
                        {
                            return new JsonStructureProblem(JsonFlaw.InvalidText, PathOf(stack));
                        }
                        break;
                }
            }
            return stack.Count == 0 && reader.BytesConsumed > 0 ? null
                : new JsonStructureProblem(JsonFlaw.Malformed, "", 1, reader.BytesConsumed + 1);
        }
        catch (JsonException e)
        {
            return new JsonStructureProblem(JsonFlaw.Malformed, "", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }
    }

    /// <summary><c>a.b[2].c</c> for the frames' current names and indices; empty at the root.</summary>
    private static string PathOf(List<Frame> stack)
    {
        var path = new System.Text.StringBuilder();
        foreach (var frame in stack)
        {
            if (!frame.IsObject) path.Append('[').Append(Math.Max(frame.Index, 0)).Append(']');
            else if (frame.Name is not null)
            {
                if (path.Length > 0) path.Append('.');
                path.Append(frame.Name);
            }
        }
        return path.ToString();
    }
}
