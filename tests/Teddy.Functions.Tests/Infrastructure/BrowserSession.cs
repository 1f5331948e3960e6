using Microsoft.Playwright;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright offline (never <c>playwright install</c>; scripts/test.sh installs Chromium),
/// and pages that record every dialog, console error and uncaught exception so a test can assert there were none.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;
    public IBrowser Browser { get; private set; } = null!;

    public static async Task<BrowserSession> StartAsync()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: scripts/test.sh installs it (apt-get install chromium).");
        var session = new BrowserSession { _playwright = await Playwright.CreateAsync() };
        session.Browser = await session._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        return session;
    }

    /// <summary>A new page (own context: own storage) of the given width, recording dialogs and errors.</summary>
    public async Task<WatchedPage> NewPageAsync(int width = 1400, int height = 1000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var watched = new WatchedPage(page);
        page.Dialog += async (_, dialog) =>
        {
            watched.Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error") watched.ConsoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) => watched.ConsoleErrors.Add("uncaught: " + error);
        return watched;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>A page with what it showed the user besides the page itself: dialogs and console errors.</summary>
public sealed class WatchedPage(IPage page)
{
    public IPage Page { get; } = page;
    public List<string> Dialogs { get; } = [];
    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Fails with what went wrong when the page opened a dialog or logged an error.</summary>
    public void AssertQuiet()
    {
        Assert.True(Dialogs.Count == 0, "Dialogs opened: " + string.Join(" | ", Dialogs));
        Assert.True(ConsoleErrors.Count == 0, "Console errors: " + string.Join(" | ", ConsoleErrors));
    }
}
