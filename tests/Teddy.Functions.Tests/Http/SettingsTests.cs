using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Teddy.Analytics;
using Teddy.Feedback;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Hosting;
using Teddy.Interactions;
using Teddy.Interchange;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Serving;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Functions.Tests.Http;

/// <summary>local.settings.sample.json documents every setting the code reads, with the code's own defaults.</summary>
public class SettingsTests
{
    private static readonly LocalSettings Sample = LocalSettings.Read(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"));

    /// <summary>Every bindable leaf of an options type, as configuration keys under its section.</summary>
    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var t = property.PropertyType;
            if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal)) yield return $"{prefix}:{property.Name}";
            else if (!typeof(System.Collections.IEnumerable).IsAssignableFrom(t))
                foreach (string key in Keys(t, $"{prefix}:{property.Name}")) yield return key;
        }
    }

    private static readonly (Type Type, string Section)[] OptionTypes =
    [
        (typeof(StorageOptions), StorageOptions.Section), (typeof(ServingOptions), ServingOptions.Section),
        (typeof(RankingOptions), RankingOptions.Section), (typeof(TrainingOptions), TrainingOptions.Section),
        (typeof(BootstrapOptions), BootstrapOptions.Section), (typeof(LogOptions), LogOptions.Section),
        (typeof(RetrainOptions), RetrainOptions.Section), (typeof(FeedbackOptions), FeedbackOptions.Section),
        (typeof(AggregationOptions), AggregationOptions.Section), (typeof(CtrOptions), AggregationOptions.CtrSection),
        (typeof(AdaptiveWeightsOptions), AdaptiveWeightsOptions.Section), (typeof(BrandLearningOptions), BrandLearningOptions.Section),
        (typeof(SparkOptions), SparkOptions.Section),
        (typeof(PageOptions), PageOptions.Section), (typeof(Teddy.Simulation.SimulationOptions), Teddy.Simulation.SimulationOptions.Section),
        (typeof(EventWeights), TeddyServiceCollectionExtensions.EventsSection),
    ];

    [Fact]
    public void The_sample_sets_every_setting_the_code_reads()
    {
        var expected = OptionTypes.SelectMany(o => Keys(o.Type, o.Section))
            .Concat(new EventWeights().Weights.Keys.Select(type => $"{TeddyServiceCollectionExtensions.EventsSection}:Weights:{type}"))
            .Concat(["TeddyStorage", "AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "RETRAIN_SCHEDULE", DevRunnerHost.FunctionKeySetting, RetrainOptions.QueueSetting,
                Teddy.Simulation.SimulationOptions.QueueSetting]);
        var missing = expected.Where(key => !Sample.Values.ContainsKey(key)).ToArray();
        Assert.Empty(missing);
        Assert.Equal(7860, Sample.LocalHttpPort);
    }

    [Fact]
    public void The_sample_documents_the_code_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Sample.Values).Build();
        // The sample turns on what a local demo needs; everything else must equal the code's defaults.
        var localOnly = new HashSet<string>
        {
            "Teddy:Bootstrap:SeedSampleData", "Teddy:Bootstrap:TrainWhenNoModel", "Teddy:Serving:ExampleUsers",
        };
        foreach (var (type, section) in OptionTypes)
        {
            object defaults = Activator.CreateInstance(type)!;
            object bound = Activator.CreateInstance(type)!;
            configuration.GetSection(section).Bind(bound);
            var a = JsonSerializer.SerializeToElement(defaults);
            var b = JsonSerializer.SerializeToElement(bound);
            foreach (string key in Keys(type, section).Where(k => !localOnly.Contains(k)))
            {
                var path = key[(section.Length + 1)..].Split(':');
                Assert.True(JsonElement.DeepEquals(Walk(a, path), Walk(b, path)), $"{key}: sample {Walk(b, path)} vs code {Walk(a, path)}");
            }
        }
    }

    [Fact]
    public void The_sample_names_the_queues_the_senders_use_by_default()
    {
        Assert.Equal(RetrainOptions.DefaultQueue, Sample.Values[RetrainOptions.QueueSetting]);
        Assert.Equal(Teddy.Simulation.SimulationOptions.DefaultQueue, Sample.Values[Teddy.Simulation.SimulationOptions.QueueSetting]);
    }

    [Fact]
    public void The_sample_documents_every_event_weight_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Sample.Values).Build();
        var bound = new EventWeights { Weights = new Dictionary<string, double>(StringComparer.Ordinal) };
        configuration.GetSection(TeddyServiceCollectionExtensions.EventsSection).Bind(bound);
        Assert.Equal(new EventWeights().Weights.OrderBy(w => w.Key, StringComparer.Ordinal), bound.Weights.OrderBy(w => w.Key, StringComparer.Ordinal));
    }

    private static JsonElement Walk(JsonElement element, string[] path) =>
        path.Aggregate(element, (current, name) => current.GetProperty(name));
}
