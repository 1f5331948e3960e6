using Teddy.Training;

namespace Teddy.Core.Tests.Training;

/// <summary>Status record ids and queue messages: what the routes and the queue trigger accept.</summary>
public class RetrainRunTests
{
    [Fact]
    public void Ids_are_the_request_time_and_random_hex_and_only_those_are_valid()
    {
        string id = RetrainRun.NewId(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.FromHours(2)));
        Assert.Matches(@"^20261126-010000-[0-9a-f]{8}$", id);
        Assert.True(RetrainRun.IsValidId(id));
        foreach (string bad in new[] { "", "latest", "20261126-010000-3F9A2C1B", "20261126-010000-3f9a2c1b/x", "20261126-010000-3f9a2c1b\n", "../x" })
            Assert.False(RetrainRun.IsValidId(bad), bad);
        Assert.False(RetrainRun.IsValidId(null));
    }

    [Fact]
    public void A_request_round_trips_through_the_queue_and_anything_else_is_not_a_request()
    {
        var request = RetrainRequest.New("http", DateTimeOffset.UtcNow);
        Assert.Equal(request, RetrainRequest.Parse(request.ToJson()));
        foreach (string bad in new[] { "", "not json", "{}", "{\"id\":\"x\",\"trigger\":\"http\",\"requested_at\":\"2026-01-01T00:00:00Z\"}", "[1]" })
            Assert.Null(RetrainRequest.Parse(bad));
    }

    [Fact]
    public void A_record_round_trips_as_snake_case_json_with_lower_case_states()
    {
        var run = RetrainRun.Queued(RetrainRequest.New("schedule", DateTimeOffset.UtcNow)) with
        {
            State = RetrainState.Refused, Version = "20261126_030000", Promoted = false,
            Skipped = [new SkippedModel("content", SkipCodes.NoTextVocabulary, "no terms")],
        };
        string json = run.ToJson();
        Assert.Contains("\"state\":\"refused\"", json);
        Assert.Contains("\"requested_at\"", json);
        Assert.DoesNotContain("\"error\"", json); // nulls are left out
        var back = RetrainRun.FromJson(json);
        Assert.Equal((run.Id, run.State, run.Version), (back.Id, back.State, back.Version));
        Assert.Equal(run.Skipped, back.Skipped);
        Assert.True(back.IsFinished);
    }
}
