using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Analytics;
using Teddy.Hosting;
using Teddy.Learning;

namespace Teddy.Core.Tests.Analytics;

public class AggregationOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        settings["TeddyStorage"] = "UseDevelopmentStorage=true";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddTeddy(configuration).BuildServiceProvider();
    }

    [Theory]
    [InlineData("Teddy:Learning:AggregationSeconds", "1")]
    [InlineData("Teddy:Learning:RefreshSeconds", "0")]
    [InlineData("Teddy:Learning:HistoryDays", "0")]
    [InlineData("Teddy:Learning:ClickWindowHours", "25")]
    [InlineData("Teddy:Learning:LateDataMinutes", "-1")]
    public void A_learning_setting_out_of_range_fails_naming_it(string setting, string value)
    {
        using var services = Services(new() { [setting] = value });
        var e = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<AggregationOptions>>().Value);
        Assert.Contains(setting, e.Message);
    }

    [Fact]
    public void A_ctr_setting_out_of_range_fails_naming_it()
    {
        using var services = Services(new() { ["Teddy:Learning:Ctr:LowRatio"] = "1.5" });
        var e = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<CtrOptions>>().Value);
        Assert.Contains("Teddy:Learning:Ctr", e.Message);
    }

    [Fact]
    public void The_defaults_are_valid_and_the_shared_state_is_what_serving_reads()
    {
        using var services = Services([]);
        Assert.NotNull(services.GetRequiredService<IOptions<AggregationOptions>>().Value.Validate());
        Assert.Same(services.GetRequiredService<SharedLearningState>(), services.GetRequiredService<ILearningState>());
    }
}
