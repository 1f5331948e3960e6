using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Serving;

/// <summary>Every model that can be behind an item has a name, and the name maps back (a new model cannot be dropped from impressions).</summary>
public class SourceNamesTests
{
    [Fact]
    public void Every_source_flag_has_a_name_that_maps_back()
    {
        foreach (var flag in Enum.GetValues<RecommendationSources>().Where(f => f != RecommendationSources.None))
        {
            var names = SourceNames.Of(flag);
            Assert.Single(names);
            Assert.Equal(flag, SourceNames.Flags(names));
        }
        var all = Enum.GetValues<RecommendationSources>().Aggregate(RecommendationSources.None, (a, f) => a | f);
        Assert.Equal(all, SourceNames.Flags(SourceNames.Of(all)));
        Assert.Equal(RecommendationSources.None, SourceNames.Flags(["unknown", ""]));
    }
}
