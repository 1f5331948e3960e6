using Teddy.Hosting;

namespace Teddy.Functions.Tests.Http;

/// <summary>Teddy__Page__ImageOrigins: the catalog's image hosts join the page's img-src; anything that is not an origin stops the app.</summary>
public class PageOptionsTests
{
    [Fact]
    public void Image_origins_join_img_src_and_nothing_else()
    {
        var csp = new PageOptions { ImageOrigins = "https://cdn.shop.example, https://*.images.example:8443 http://localhost:9000" }.ContentSecurityPolicy();
        Assert.Contains("img-src 'self' data: https://cdn.shop.example https://*.images.example:8443 http://localhost:9000;", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("connect-src 'self';", csp);
        Assert.Equal("img-src 'self' data:", new PageOptions().ContentSecurityPolicy().Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("img-src", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("https://cdn.example/images")]
    [InlineData("https://cdn.example/")]
    [InlineData("cdn.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://cdn.example")]
    [InlineData("https://user@cdn.example")]
    [InlineData("https://cdn.example?x=1")]
    [InlineData("'unsafe-inline'")]
    [InlineData("*")]
    [InlineData("https://cdn.*.example")]
    public void An_entry_that_is_not_an_origin_is_refused_naming_the_setting(string entry)
    {
        var options = new PageOptions { ImageOrigins = "https://ok.example, " + entry };
        var error = Assert.Throws<InvalidOperationException>(() => options.ParsedImageOrigins());
        Assert.Contains("Teddy:Page:ImageOrigins", error.Message);
        Assert.False(new PageOptionsValidation().Validate(null, options).Succeeded);
    }
}
