using System.Text;
using CsCheck;
using Teddy.Feedback;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>
/// <c>POST api/events</c> bodies: validated by the ingestion's own parser (same reasons), the first bad event named by its
/// field (with its index in an array), plus the API's own limits.
/// </summary>
public class UserEventValidationTests
{
    private const string Time = "2026-11-26T10:00:00Z";
    private static readonly string Token = AttributionToken.New(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    private static readonly DateTimeOffset Latest = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static UserEventBatch Validate(string body, int max = 100, params string[] extraTypes) =>
        UserEventValidation.Validate(Encoding.UTF8.GetBytes(body), extraTypes, max, Latest);

    private static UserEventProblem Refused(string body, int max = 100)
    {
        var batch = Validate(body, max);
        Assert.Empty(batch.Events);
        return Assert.IsType<UserEventProblem>(batch.Problem);
    }

    [Fact]
    public void One_event_or_an_array_is_accepted_with_its_token_and_compact_json()
    {
        var one = Validate($$$"""
            {
              "eventType": "detail-page-view", "visitorId": "v1", "eventTime": "{{{Time}}}",
              "productDetails": [{"product": {"id": "p1"}}], "attributionToken": "{{{Token}}}"
            }
            """);
        Assert.Null(one.Problem);
        var e = Assert.Single(one.Events);
        Assert.Equal("v1", e.Event.UserKey);
        Assert.Equal(Token, e.AttributionToken);
        Assert.Equal(["p1"], e.Event.ProductDetails.Select(d => d.ProductId));
        Assert.DoesNotContain('\n', e.Json);
        Assert.StartsWith("""{"eventType":"detail-page-view","visitorId":"v1",""", e.Json);

        var many = Validate($$$"""[{"eventType":"home-page-view","visitorId":"v1","eventTime":"{{{Time}}}"},{"eventType":"search","userInfo":{"userId":"u9"},"eventTime":"{{{Time}}}","searchQuery":"kite"}]""");
        Assert.Null(many.Problem);
        Assert.Equal(["v1", "u9"], many.Events.Select(x => x.Event.UserKey));
        Assert.All(many.Events, x => Assert.Null(x.AttributionToken));
    }

    [Theory]
    [InlineData("""{"visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"}""", "eventType", IngestionSkipReasons.UnknownEventType)]
    [InlineData("""{"eventType":"clicked","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"}""", "eventType", IngestionSkipReasons.UnknownEventType)]
    [InlineData("""{"eventType":"search","eventTime":"2026-11-26T10:00:00Z","userInfo":{"userId":" "}}""", "visitorId", IngestionSkipReasons.MissingVisitorId)]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"yesterday"}""", "eventTime", IngestionSkipReasons.BadTimestamp)]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"}""", "productDetails", IngestionSkipReasons.MissingProduct)]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":[]}""", "productDetails", IngestionSkipReasons.MissingProduct)]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{}}]}""", "productDetails[0].product.id", IngestionSkipReasons.MissingProduct)]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":{"product":{"id":" "}}}""", "productDetails.product.id", IngestionSkipReasons.MissingProduct)]
    [InlineData("""{"eventType":"search","visitorId":"\ud800","eventTime":"2026-11-26T10:00:00Z"}""", "visitorId", IngestionSkipReasons.MalformedJson)]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"1969-12-31T23:59:59Z"}""", "eventTime", UserEventValidation.Reasons.EventTimeOutOfRange)]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","attributionToken":"abc"}""", "attributionToken", UserEventValidation.Reasons.InvalidAttributionToken)]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","attributionToken":7}""", "attributionToken", UserEventValidation.Reasons.InvalidAttributionToken)]
    [InlineData("""[]""", "body", UserEventValidation.Reasons.NoEvents)]
    [InlineData("""[{"eventType":"search","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"}, 5]""", "[1]", IngestionSkipReasons.MalformedJson)]
    [InlineData("\"search\"", "body", IngestionSkipReasons.MalformedJson)]
    [InlineData("""{"eventType":""", "body", IngestionSkipReasons.MalformedJson)]
    public void A_bad_event_is_refused_naming_its_field_and_reason(string body, string field, string reason)
    {
        var problem = Refused(body);
        Assert.Equal(field, problem.Field);
        Assert.Equal(reason, problem.Reason);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
    }

    [Fact]
    public void In_an_array_the_first_bad_event_is_named_with_its_index()
    {
        string good = $$$"""{"eventType":"search","visitorId":"v1","eventTime":"{{{Time}}}"}""";
        string badTime = """{"eventType":"search","visitorId":"v1","eventTime":"soon"}""";
        string badProduct = $$$"""{"eventType":"purchase-complete","visitorId":"v1","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"p1"}},{"product":{"id":"{{{new string('x', 300)}}}"}}]}""";
        Assert.Equal("[2].eventTime", Refused($"[{good},{good},{badTime},{badProduct}]").Field);
        Assert.Equal("[1].productDetails[1].product.id", Refused($"[{good},{badProduct}]").Field);
        Assert.Equal("[0].visitorId", Refused($$$"""[{"eventType":"search","visitorId":"{{{new string('v', 257)}}}","eventTime":"{{{Time}}}"}]""").Field);
        Assert.Equal("[0].userInfo.userId", Refused($$$"""[{"eventType":"search","userInfo":{"userId":"{{{new string('u', 257)}}}"},"eventTime":"{{{Time}}}"}]""").Field);
        Assert.Equal("[1].productDetails[0].product.id", Refused($$$"""[{{{good}}},{"eventType":"search","visitorId":"v","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"\udc00"}}]}]""").Field);
    }

    [Fact]
    public void An_event_time_longer_than_read_is_told_its_length_not_that_it_is_missing()
    {
        // RFC 3339 allows any number of fraction digits; the parser reads at most 64 characters, and says so.
        string longTime = "2026-11-26T10:00:00." + new string('1', 50) + "Z";
        var tooLong = Refused($$$"""{"eventType":"search","visitorId":"v1","eventTime":"{{{longTime}}}"}""");
        Assert.Equal(("eventTime", IngestionSkipReasons.BadTimestamp), (tooLong.Field, tooLong.Reason));
        Assert.StartsWith("eventTime may be at most 64 characters", tooLong.Detail);

        var notATime = Refused("""{"eventType":"search","visitorId":"v1","eventTime":"yesterday"}""");
        Assert.StartsWith("eventTime 'yesterday' is not an RFC 3339 date-time", notATime.Detail); // a wrong value is not a missing one
    }

    /// <summary>A valid date-time whose offset puts it outside the representable range is out of range or in the future, as it is.</summary>
    [Fact]
    public void An_extreme_time_with_an_offset_is_told_its_range_not_that_it_is_no_date_time()
    {
        var early = Refused("""{"eventType":"search","visitorId":"v1","eventTime":"0001-01-01T00:00:00+14:00"}""");
        Assert.Equal("eventTime", early.Field);
        Assert.NotEqual(IngestionSkipReasons.BadTimestamp, early.Reason);
        Assert.Equal(Refused("""{"eventType":"search","visitorId":"v1","eventTime":"0001-01-01T00:00:00Z"}""").Reason, early.Reason);
        var late = Refused("""{"eventType":"search","visitorId":"v1","eventTime":"9999-12-31T23:59:59-14:00"}""");
        Assert.Equal((IngestionSkipReasons.EventTimeInFuture, "eventTime"), (late.Reason, late.Field));
    }

    [Fact]
    public void The_api_limits_are_named()
    {
        string good = $$$"""{"eventType":"search","visitorId":"v1","eventTime":"{{{Time}}}"}""";
        var tooMany = Refused("[" + string.Join(",", Enumerable.Repeat(good, 4)) + "]", max: 3);
        Assert.Equal(("body", UserEventValidation.Reasons.TooManyEvents), (tooMany.Field, tooMany.Reason));
        Assert.Null(Validate("[" + string.Join(",", Enumerable.Repeat(good, 3)) + "]", max: 3).Problem);

        string huge = $$$"""{"eventType":"search","visitorId":"v1","eventTime":"{{{Time}}}","searchQuery":"{{{new string('q', 33_000)}}}"}""";
        Assert.Equal(("body", UserEventValidation.Reasons.EventTooLarge), (Refused(huge).Field, Refused(huge).Reason));
        Assert.Equal("[1]", Refused($"[{good},{huge}]").Field);

        string deep = "[" + new string('[', 70) + new string(']', 70) + "]";
        Assert.Contains("nests deeper", Refused(deep).Detail);
    }

    [Fact]
    public void A_type_with_a_configured_weight_is_accepted_as_ingestion_accepts_it()
    {
        string line = $$$"""{"eventType":"wishlist-add","visitorId":"v1","eventTime":"{{{Time}}}"}""";
        Assert.Equal(IngestionSkipReasons.UnknownEventType, Refused(line).Reason);
        Assert.Null(Validate(line, 100, "wishlist-add").Problem);
    }

    [Fact]
    public void Google_sample_events_get_the_same_verdict_as_ingestion()
    {
        foreach (string file in new[] { "user_events.json", "user_events_some_invalid.json" })
        {
            using var reader = new StreamReader(Ndjson.GoogleSample(file));
            while (reader.ReadLine() is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                AssertSameVerdict(line);
            }
        }
    }

    /// <summary>Events with every field independently right, missing, blank, mistyped or wrong: the API's verdict is ingestion's.</summary>
    [Fact]
    public void Generated_events_get_the_same_verdict_and_reason_as_ingestion()
    {
        var type = Gen.OneOf("\"detail-page-view\"", "\"add-to-cart\"", "\"search\"", "\"home-page-view\"", "\"Search\"", "\"bogus\"", "3", "null", "<absent>");
        string longId = $"\"{new string('x', IdLimit.MaxLength + 1)}\"";
        var visitor = Gen.OneOf("\"v1\"", "\"\"", "\" \"", "null", "7", "true", "[\"v1\"]", longId, "<absent>");
        var userInfo = Gen.OneOf("{\"userId\":\"u1\"}", "{\"userId\":\" \"}", "{}", "\"u\"", "{\"userId\":7}", "{\"userId\":null}", $"{{\"userId\":{longId}}}", "null", "<absent>");
        var time = Gen.OneOf($"\"{Time}\"", "\"2026-11-26T10:00:00+02:00\"", "\"yesterday\"", "\"\"", "1714557600", "null", "\"2024-13-01T10:00:00Z\"", "<absent>");
        var details = Gen.OneOf("[{\"product\":{\"id\":\"p1\"},\"quantity\":2}]", "[]", "[{\"product\":{}}]", "{\"product\":{\"id\":\"p2\"}}",
            "[{\"product\":{\"id\":\"\"}},{\"product\":{\"id\":\"p3\"}}]", "\"p1\"", "[\"p1\"]", "[{\"product\":\"p1\"}]", "[{\"product\":{\"id\":17}}]",
            $"[{{\"product\":{{\"id\":{longId}}}}}]", "null", "<absent>");
        Gen.Select(type, visitor, userInfo, time, details).Sample(t =>
        {
            var fields = new[] { ("eventType", t.Item1), ("visitorId", t.Item2), ("userInfo", t.Item3), ("eventTime", t.Item4), ("productDetails", t.Item5) };
            string line = "{" + string.Join(",", fields.Where(f => f.Item2 != "<absent>").Select(f => $"\"{f.Item1}\":{f.Item2}")) + "}";
            AssertSameVerdict(line);
        }, iter: 2000);
    }

    private static void AssertSameVerdict(string line)
    {
        var (events, report) = Ndjson.ReadEvents(line);
        var batch = Validate(line);
        if (events.Count == 1)
        {
            Assert.True(batch.Problem is null, $"ingestion accepts {line}, the API refuses it: {batch.Problem}");
            Assert.Equal(events[0].UserKey, batch.Events[0].Event.UserKey);
            Assert.Equal(events[0].EventTime, batch.Events[0].Event.EventTime);
            Assert.Equal(events[0].ProductDetails, batch.Events[0].Event.ProductDetails);
        }
        else
        {
            Assert.True(batch.Problem is not null, $"ingestion skips {line} ({string.Join(",", report.SkippedByReason.Keys)}), the API accepts it");
            Assert.Equal(report.SkippedByReason.Keys.Single(), batch.Problem.Reason);
        }
    }

    [Theory]
    // The tryout's example: a number for visitorId was "visitorId ... is required", where clicks say "must be a string".
    [InlineData("""{"eventType":"search","visitorId":123,"eventTime":"2026-11-26T10:00:00Z"}""", "visitorId", "visitorId must be a string, not a number")]
    [InlineData("""{"eventType":"search","visitorId":123,"userInfo":{"userId":"u1"},"eventTime":"2026-11-26T10:00:00Z"}""", "visitorId", "visitorId must be a string, not a number")]
    [InlineData("""{"eventType":"search","visitorId":false,"eventTime":"2026-11-26T10:00:00Z"}""", "visitorId", "visitorId must be a string, not true or false")]
    [InlineData("""{"eventType":"search","userInfo":"u1","eventTime":"2026-11-26T10:00:00Z"}""", "userInfo", "userInfo must be an object, not a string")]
    [InlineData("""{"eventType":"search","userInfo":{"userId":7},"eventTime":"2026-11-26T10:00:00Z"}""", "userInfo.userId", "userInfo.userId must be a string, not a number")]
    [InlineData("""{"eventType":3,"visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"}""", "eventType", "eventType must be a string, not a number")]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":1764151200}""", "eventTime", "eventTime must be a string, not a number")]
    [InlineData("""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":"p1"}""", "productDetails", "productDetails must be an array of objects")]
    [InlineData("""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":["p1"]}""", "productDetails[0]", "productDetails[0] must be an object")]
    [InlineData("""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":"p1"}]}""", "productDetails[0].product", "productDetails[0].product must be an object")]
    [InlineData("""{"eventType":"purchase-complete","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":"p1"}},{"product":{"id":17}}]}""", "productDetails[1].product.id", "productDetails[1].product.id must be a string, not a number")]
    [InlineData("""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":{"product":{"id":17}}}""", "productDetails.product.id", "productDetails.product.id must be a string, not a number")]
    [InlineData("""[{"eventType":"search","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"},{"eventType":"search","visitorId":123,"eventTime":"2026-11-26T10:00:00Z"}]""", "[1].visitorId", "visitorId must be a string, not a number")]
    public void A_value_of_the_wrong_json_type_is_named_as_such_never_as_missing(string body, string field, string detail)
    {
        var problem = Refused(body);
        Assert.Equal(field, problem.Field);
        Assert.Equal(IngestionSkipReasons.WrongType, problem.Reason);
        Assert.StartsWith(detail, problem.Detail);
        Assert.DoesNotContain("required", problem.Detail);
    }

    [Fact]
    public void An_attribution_token_of_another_type_is_named_as_such()
    {
        var problem = Refused($$"""{"eventType":"search","visitorId":"v1","eventTime":"{{Time}}","attributionToken":7}""");
        Assert.Equal(("attributionToken", UserEventValidation.Reasons.InvalidAttributionToken), (problem.Field, problem.Reason));
        Assert.StartsWith("attributionToken must be a string, not a number", problem.Detail);
    }

    [Theory]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"yesterday"}""", "eventTime 'yesterday' is not an RFC 3339 date-time")]
    [InlineData("""{"eventType":"search","visitorId":"v1"}""", "eventTime is required")]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":null}""", "eventTime is required")]
    [InlineData("""{"eventType":"search","eventTime":"2026-11-26T10:00:00Z","visitorId":null}""", "visitorId (or userInfo.userId) is required")]
    [InlineData("""{"eventType":"search","eventTime":"2026-11-26T10:00:00Z","visitorId":"  "}""", "visitorId (or userInfo.userId) is required")]
    public void Only_an_absent_null_or_blank_field_is_called_required(string body, string detail) =>
        Assert.StartsWith(detail, Refused(body).Detail);

    [Theory]
    [InlineData("visitorId")]
    [InlineData("userInfo.userId")]
    [InlineData("productDetails[0].product.id")]
    public void An_id_over_the_limit_is_id_too_long_naming_it_as_ingestion_skips_it(string field)
    {
        string id = new('x', 100_000);
        string body = field switch
        {
            "visitorId" => $$"""{"eventType":"search","visitorId":"{{id}}","eventTime":"{{Time}}"}""",
            "userInfo.userId" => $$"""{"eventType":"search","userInfo":{"userId":"{{id}}"},"eventTime":"{{Time}}"}""",
            _ => $$$"""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"{{{id}}}"}}]}""",
        };
        var problem = Refused(body);
        Assert.Equal((field, IngestionSkipReasons.IdTooLong), (problem.Field, problem.Reason));
        Assert.StartsWith($"{field} may be at most 256 characters", problem.Detail);
        AssertSameVerdict(body);
    }

    [Theory]
    [InlineData("""{"eventType":""")]
    [InlineData("{")]
    [InlineData("[{\"eventType\":\"detail-page-view\"")]
    [InlineData("[")]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"} {}""")]
    [InlineData("""{"eventType" "search"}""")]
    public void Truncated_or_broken_json_is_not_valid_json_never_too_deep(string body)
    {
        var problem = Refused(body);
        Assert.Equal("body", problem.Field);
        Assert.Equal(IngestionSkipReasons.MalformedJson, problem.Reason);
        Assert.Matches(@"^The request body is not valid JSON \(line \d+, byte \d+\)\.$", problem.Detail);
    }

    [Theory]
    [InlineData(64, false)]
    [InlineData(65, true)]
    [InlineData(200, true)]
    public void Depth_is_counted_not_read_from_an_exception_message(int levels, bool tooDeep)
    {
        string nested = new string('[', levels - 1) + "1" + new string(']', levels - 1);
        string body = $$"""{"eventType":"search","visitorId":"v1","eventTime":"{{Time}}","x":{{nested}}}""";
        var batch = Validate(body);
        if (!tooDeep) { Assert.Null(batch.Problem); return; }
        Assert.Equal($"The request body nests deeper than 64 levels.", batch.Problem!.Detail);
        // Truncated at the same depth: still "not valid JSON", not "too deep".
        var truncated = Refused(new string('[', 63));
        Assert.StartsWith("The request body is not valid JSON", truncated.Detail);
    }

    [Theory]
    [InlineData("""{"eventType":"detail-page-view","eventType":"purchase-complete","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":"p1"}}]}""", "eventType")]
    [InlineData("""{"eventType":"search","visitorId":"v1","visitorId":"v2","eventTime":"2026-11-26T10:00:00Z"}""", "visitorId")]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","eventTime":"2026-11-26T11:00:00Z"}""", "eventTime")]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":"p1","id":"p2"}}]}""", "productDetails[0].product.id")]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":"p1"}},{"quantity":1,"quantity":2,"product":{"id":"p2"}}]}""", "productDetails[1].quantity")]
    [InlineData("""{"eventType":"search","userInfo":{"userId":"u1","userId":"u2"},"eventTime":"2026-11-26T10:00:00Z"}""", "userInfo.userId")]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z","custom":1,"custom":2}""", "custom")]
    [InlineData("""{"eventType":"search","event\u0054ype":"search","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"}""", "eventType")]
    [InlineData("""[{"eventType":"search","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"},{"eventType":"search","visitorId":"v1","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"}]""", "[1].visitorId")]
    public void A_field_given_twice_is_refused_at_every_level_naming_it(string body, string field)
    {
        var problem = Refused(body);
        Assert.Equal(field, problem.Field);
        Assert.Equal(IngestionSkipReasons.DuplicateField, problem.Reason);
        Assert.Contains($"{field} may be given once", problem.Detail);
    }

    [Fact]
    public void Names_differing_in_case_are_different_fields()
    {
        Assert.Null(Validate("""{"eventType":"search","EventType":"x","visitorId":"v1","eventTime":"2026-11-26T10:00:00Z"}""").Problem);
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("2026-11-26T13:00:01Z")] // 12:00 + 60 minutes tolerated, and a second
    [InlineData("2026-11-26T14:00:01+01:00")]
    public void An_event_in_the_future_beyond_the_skew_is_refused_naming_eventTime(string time)
    {
        var problem = Refused($$"""{"eventType":"search","visitorId":"v1","eventTime":"{{time}}"}""");
        Assert.Equal("eventTime", problem.Field);
        Assert.Equal(IngestionSkipReasons.EventTimeInFuture, problem.Reason);
        Assert.Contains("2026-11-26T12:00:00Z", problem.Detail);
    }

    [Fact]
    public void An_event_at_the_latest_time_is_accepted() =>
        Assert.Null(Validate("""{"eventType":"search","visitorId":"v1","eventTime":"2026-11-26T12:00:00Z"}""").Problem);

    [Theory]
    [InlineData("2026-11-26T01:00:00")]
    [InlineData("2026-11-26")]
    [InlineData("2026-11-26T01:00Z")]
    [InlineData("2026-11-26T01:00:00.Z")]
    [InlineData("2026-11-26T01:00:00+0100")]
    [InlineData("2026-11-26T01:00:00+01")]
    [InlineData("20261126T010000Z")]
    [InlineData("2026-11-26T01:00:00ZZ")]
    public void A_time_without_an_offset_or_seconds_is_not_rfc3339(string time)
    {
        var problem = Refused($$"""{"eventType":"search","visitorId":"v1","eventTime":"{{time}}"}""");
        Assert.Equal("eventTime", problem.Field);
        Assert.Equal(IngestionSkipReasons.BadTimestamp, problem.Reason);
    }

    [Theory]
    [InlineData("2026-11-26T01:00:00Z")]
    [InlineData("2026-11-26t01:00:00z")]
    [InlineData("2026-11-26 01:00:00Z")]
    [InlineData("2026-11-26T01:00:00.123456789Z")]
    [InlineData("2026-11-26T01:00:00-05:00")]
    public void Rfc3339_date_times_with_an_offset_are_accepted(string time) =>
        Assert.Null(Validate($$"""{"eventType":"search","visitorId":"v1","eventTime":"{{time}}"}""").Problem);
}
