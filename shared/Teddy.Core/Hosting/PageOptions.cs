using Microsoft.Extensions.Options;

namespace Teddy.Hosting;

/// <summary>
/// Settings under <c>Teddy:Page</c>: the page's Content-Security-Policy. Scripts, styles, fonts and API calls come from the
/// app's own origin only; images from the app's origin (the demo shop's <c>/api/sample-images</c>), <c>data:</c> URLs and
/// the catalog's image hosts listed in <see cref="ImageOrigins"/>.
/// </summary>
public sealed class PageOptions
{
    public const string Section = "Teddy:Page";

    /// <summary>
    /// Origins the catalog's <c>imageUrl</c>s point at, separated by commas or spaces, e.g.
    /// <c>https://cdn.shop.example, https://*.images.example</c> (scheme and host, an optional port, a leading <c>*.</c>
    /// for subdomains; no path). Empty: only the app's own origin (a picture elsewhere shows the placeholder).
    /// </summary>
    public string ImageOrigins { get; set; } = "";

    /// <summary>The origins of <see cref="ImageOrigins"/>, each checked.</summary>
    /// <exception cref="InvalidOperationException">An entry that is not an origin, named.</exception>
    public IReadOnlyList<string> ParsedImageOrigins()
    {
        var origins = new List<string>();
        foreach (string entry in ImageOrigins.Split([',', ' ', ';', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            string host = entry.Replace("://*.", "://wildcard.", StringComparison.Ordinal);
            if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                || uri.PathAndQuery != "/" || entry.EndsWith('/') || uri.UserInfo.Length > 0 || entry.Contains('#')
                || entry.Any(c => c is '\'' or '"' or '<' or '>' || char.IsControl(c)) || entry.IndexOf('*') is var star && star >= 0 && !entry.Contains("://*.", StringComparison.Ordinal))
                throw new InvalidOperationException(
                    $"Teddy:Page:ImageOrigins holds '{entry}', which is not an origin: give scheme and host (and port), e.g. https://cdn.shop.example or https://*.images.example, without a path.");
            origins.Add(entry.ToLowerInvariant());
        }
        return origins;
    }

    /// <summary>
    /// The page's Content-Security-Policy: no inline script or style, nothing from another origin but the image hosts, no
    /// plugins, no framing, no base-URI or form tricks.
    /// </summary>
    public string ContentSecurityPolicy()
    {
        string images = string.Join(' ', new[] { "'self'", "data:" }.Concat(ParsedImageOrigins()));
        return $"default-src 'none'; script-src 'self'; style-src 'self'; img-src {images}; connect-src 'self'; font-src 'self'; " +
               "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";
    }
}

/// <summary>Checks <see cref="PageOptions"/> when the host starts, naming the bad entry.</summary>
public sealed class PageOptionsValidation : IValidateOptions<PageOptions>
{
    public ValidateOptionsResult Validate(string? name, PageOptions options)
    {
        try
        {
            options.ParsedImageOrigins();
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
