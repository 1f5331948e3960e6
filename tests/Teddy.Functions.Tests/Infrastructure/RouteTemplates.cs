namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>Turns a function's route template into a request path, so tests can reach every route the table lists.</summary>
public static class RouteTemplates
{
    /// <summary>
    /// Replaces each <c>{name}</c>, <c>{name?}</c> or <c>{name:constraint}</c> segment with <paramref name="value"/>(name),
    /// inserted as given (encode it first); null leaves an optional segment out.
    /// </summary>
    public static string Fill(string template, Func<string, string?> value)
    {
        var segments = new List<string>();
        foreach (string segment in template.Split('/'))
        {
            if (!(segment.StartsWith('{') && segment.EndsWith('}')))
            {
                segments.Add(segment);
                continue;
            }
            string inner = segment[1..^1];
            bool optional = inner.EndsWith('?');
            string name = inner.TrimEnd('?').Split(':')[0];
            string? filled = value(name);
            if (filled is not null) segments.Add(filled);
            else if (!optional) throw new ArgumentException($"No value for the required route value '{name}' of {template}.");
        }
        return "/" + string.Join('/', segments);
    }

    /// <summary>Whether the route value <paramref name="name"/> may be left out (<c>{name?}</c>, <c>{name:constraint?}</c>).</summary>
    public static bool IsOptional(string template, string name) =>
        template.Split('/').Any(s => s.StartsWith("{" + name, StringComparison.Ordinal) && s.EndsWith("?}", StringComparison.Ordinal));

    /// <summary>The names of a template's route values.</summary>
    public static IEnumerable<string> Parameters(string template) =>
        template.Split('/').Where(s => s.StartsWith('{')).Select(s => s[1..^1].TrimEnd('?').Split(':')[0]);

    /// <summary>An absolute URI sent exactly as written: no unescaping, no dot-segment removal.</summary>
    public static Uri Exact(Uri baseAddress, string pathAndQuery) =>
        new(baseAddress.GetLeftPart(UriPartial.Authority) + pathAndQuery,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
