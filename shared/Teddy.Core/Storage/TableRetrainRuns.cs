using Azure.Data.Tables;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>Retrain status records in Table Storage (<see cref="TableRunRecords{TRun}"/>), with the trigger as a column.</summary>
public sealed class TableRetrainRuns(TableClient table, TimeSpan? timeout = null) : TableRunRecords<RetrainRun>(table, timeout), IRetrainRuns
{
    protected override string IdOf(RetrainRun run) => run.Id;
    protected override DateTimeOffset RequestedAtOf(RetrainRun run) => run.RequestedAt;
    protected override string StateOf(RetrainRun run) => run.State.ToString();
    protected override IEnumerable<KeyValuePair<string, object?>> Columns(RetrainRun run) => [new("Trigger", run.Trigger)];
    protected override string ToJson(RetrainRun run) => run.ToJson();
    protected override RetrainRun FromJson(string json) => RetrainRun.FromJson(json);
    protected override bool IsValidId(string id) => RetrainRun.IsValidId(id);
}
