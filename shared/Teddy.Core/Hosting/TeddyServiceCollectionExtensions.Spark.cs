using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Interchange;
using Teddy.Storage;

namespace Teddy.Hosting;

public static partial class TeddyServiceCollectionExtensions
{
    /// <summary>The Spark interchange (<c>teddy export</c>, the <c>als</c> import) in the data container; background work.</summary>
    private static void AddSparkInterchange(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SparkOptions>().Bind(configuration.GetSection(SparkOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SparkOptions>, SparkOptionsValidation>();
        services.AddSingleton<ISparkInterchange>(sp => new BlobSparkInterchange(Container(sp, StorageClients.Background, o => o.DataContainer),
            sp.GetRequiredService<IOptions<SparkOptions>>().Value, Timeout(sp, StorageClients.Background)));
    }
}

/// <summary>Both paths are blob name prefixes in the data container, so blob naming rules apply.</summary>
internal sealed class SparkOptionsValidation : IValidateOptions<SparkOptions>
{
    public ValidateOptionsResult Validate(string? name, SparkOptions o)
    {
        var checks = new SettingChecks(SparkOptions.Section);
        if (StorageNames.BlobProblem(o.ExportPath) is { } export) checks.Fail(nameof(o.ExportPath), export);
        if (StorageNames.BlobProblem(o.FactorsPath) is { } factors) checks.Fail(nameof(o.FactorsPath), factors);
        if (o.ExportPath.TrimEnd('/') == o.FactorsPath.TrimEnd('/')) checks.Fail(nameof(o.FactorsPath), "must differ from ExportPath.");
        return checks.Result();
    }
}
