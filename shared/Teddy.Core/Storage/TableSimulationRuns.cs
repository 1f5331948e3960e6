using Azure.Data.Tables;
using Teddy.Simulation;

namespace Teddy.Storage;

/// <summary>Simulation status records in Table Storage (<see cref="TableRunRecords{TRun}"/>), with the progress as columns.</summary>
public sealed class TableSimulationRuns(TableClient table, TimeSpan? timeout = null) : TableRunRecords<SimulationRun>(table, timeout), ISimulationRuns
{
    protected override string IdOf(SimulationRun run) => run.Id;
    protected override DateTimeOffset RequestedAtOf(SimulationRun run) => run.RequestedAt;
    protected override string StateOf(SimulationRun run) => run.State.ToString();
    protected override IEnumerable<KeyValuePair<string, object?>> Columns(SimulationRun run) =>
        [new("Sessions", run.Sessions), new("SessionsDone", run.SessionsDone)];
    protected override string ToJson(SimulationRun run) => run.ToJson();
    protected override SimulationRun FromJson(string json) => SimulationRun.FromJson(json);
    protected override bool IsValidId(string id) => SimulationRun.IsValidId(id);
}
