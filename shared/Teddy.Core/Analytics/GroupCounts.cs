using System.Text.Json;
using System.Text.Json.Serialization;

namespace Teddy.Analytics;

/// <summary>
/// Item impressions of one group (a method, a brand, an hour …) and the distinct clicks counted on them.
/// Stored as a two-number JSON array <c>[impressions, clicks]</c> to keep the shared aggregates small.
/// </summary>
[JsonConverter(typeof(GroupCountsJsonConverter))]
public readonly record struct GroupCounts(long Impressions, long Clicks)
{
    public static GroupCounts operator +(GroupCounts a, GroupCounts b) => new(a.Impressions + b.Impressions, a.Clicks + b.Clicks);

    public bool IsEmpty => Impressions == 0 && Clicks == 0;
}

/// <summary>Reads and writes <see cref="GroupCounts"/> as <c>[impressions, clicks]</c>.</summary>
public sealed class GroupCountsJsonConverter : JsonConverter<GroupCounts>
{
    public override GroupCounts Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Counts must be an array [impressions, clicks].");
        reader.Read();
        long impressions = reader.GetInt64();
        reader.Read();
        long clicks = reader.GetInt64();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("Counts must be an array of two numbers.");
        return new GroupCounts(impressions, clicks);
    }

    public override void Write(Utf8JsonWriter writer, GroupCounts value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Impressions);
        writer.WriteNumberValue(value.Clicks);
        writer.WriteEndArray();
    }
}
