using Microsoft.Extensions.Logging;

namespace Teddy.Hosting;

/// <summary>
/// Settings under <c>Teddy:Logging</c>. The Azure SDK logs every storage request with its headers at
/// Information; at that level a local start-up printed well over a thousand lines before the first answer,
/// burying the app's own. Its logs start at Warning (failures and retries still show) unless raised here.
/// </summary>
public sealed class LogOptions
{
    public const string Section = "Teddy:Logging";

    /// <summary>The least severe level logged from the Azure SDK (categories <c>Azure.*</c>). Default Warning.</summary>
    public LogLevel AzureSdk { get; set; } = LogLevel.Warning;
}
