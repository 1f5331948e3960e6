using System.Diagnostics;
using System.Diagnostics.Metrics;
using Teddy.Evaluation;

namespace Teddy.Observability;

/// <summary>The model an instance serves, as the <c>teddy.model.served</c> gauge reports it.</summary>
public readonly record struct ServedModel(string Version, string Method);

/// <summary>
/// Teddy's custom metrics: one <see cref="Meter"/> named <see cref="MeterName"/> with every instrument defined here,
/// so there is one place to read what is measured and one set of names in Application Insights (where they arrive as
/// <c>customMetrics</c> through the OpenTelemetry exporter when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set;
/// without it nothing listens and recording costs an enabled-check). Tags are low-cardinality on purpose (method,
/// list kind, outcome, stage — never a user or product id). Instruments:
/// <list type="bullet">
/// <item><c>teddy.recommendations.duration</c> (histogram, ms): serving one list, model to response, per list kind and method.</item>
/// <item><c>teddy.impressions.shown</c> (counter, items): items in the lists served — the click-through rate's denominator.</item>
/// <item><c>teddy.impressions.recorded</c>, <c>teddy.impressions.dropped</c> (counters): impression rows written to the
/// table, and impressions lost before that by reason (<c>buffer_full</c> — the bounded buffer overflowed —, <c>write_failed</c>).</item>
/// <item><c>teddy.clicks</c> (counter): clicks received, by recommendation type and whether they were new or a retry.</item>
/// <item><c>teddy.ctr</c> (gauge, 0–1): the overall click-through rate of the shared aggregates (<c>ctr.json</c>) this instance reads.</item>
/// <item><c>teddy.model.served</c> (gauge, 1): the model version and method this instance serves, as tags.</item>
/// <item><c>teddy.retrain.runs</c> (counter), <c>teddy.retrain.duration</c> (histogram, s): retrains by trigger and outcome.</item>
/// <item><c>teddy.retrain.stage.duration</c> (histogram, ms): each training stage (ingest, tfidf, svd, evaluate, …).</item>
/// <item><c>teddy.retrain.gate_checks</c> (counter): each data-quality gate's decision, by gate and passed.</item>
/// </list>
/// </summary>
public sealed class TeddyMetrics
{
    public const string MeterName = "Teddy";

    private readonly Histogram<double> _listDuration;
    private readonly Counter<long> _shown, _recorded, _dropped, _clicks, _retrains, _gateChecks;
    private readonly Histogram<double> _retrainDuration, _stageDuration;

    /// <param name="meters">The host's meter factory (each service provider its own meter, so tests do not see each other's).</param>
    /// <param name="servedModel">The model this instance serves now (null before one is loaded).</param>
    /// <param name="overallCtr">The overall click-through rate of the shared aggregates (null before any were read).</param>
    public TeddyMetrics(IMeterFactory meters, Func<ServedModel?>? servedModel = null, Func<double?>? overallCtr = null)
    {
        Meter = meters.Create(MeterName);
        _listDuration = Meter.CreateHistogram<double>("teddy.recommendations.duration", "ms", "Time to serve one list (model scoring, shop rules, response).");
        _shown = Meter.CreateCounter<long>("teddy.impressions.shown", "{item}", "Items shown in the lists served (the click-through rate's denominator).");
        _recorded = Meter.CreateCounter<long>("teddy.impressions.recorded", "{impression}", "Impressions written to the impressions table.");
        _dropped = Meter.CreateCounter<long>("teddy.impressions.dropped", "{impression}", "Impressions lost before they were stored, by reason (buffer_full, write_failed).");
        _clicks = Meter.CreateCounter<long>("teddy.clicks", "{click}", "Clicks received, by recommendation type and outcome (stored, duplicate).");
        _retrains = Meter.CreateCounter<long>("teddy.retrain.runs", "{run}", "Retrains by trigger and outcome.");
        _retrainDuration = Meter.CreateHistogram<double>("teddy.retrain.duration", "s", "Wall time of a retrain, storage included.");
        _stageDuration = Meter.CreateHistogram<double>("teddy.retrain.stage.duration", "ms", "Wall time of one training stage.");
        _gateChecks = Meter.CreateCounter<long>("teddy.retrain.gate_checks", "{check}", "Data-quality gate decisions, by gate and passed.");
        if (servedModel is not null)
            Meter.CreateObservableGauge("teddy.model.served", () => servedModel() is { } model
                ? [new Measurement<int>(1, new("model_version", model.Version), new("method", model.Method))]
                : Array.Empty<Measurement<int>>(), "{model}", "The model version this instance serves (tags model_version, method).");
        if (overallCtr is not null)
            Meter.CreateObservableGauge("teddy.ctr", () => overallCtr() is { } ctr ? [new Measurement<double>(ctr)] : Array.Empty<Measurement<double>>(),
                "1", "Overall click-through rate of the shared aggregates (ctr.json).");
    }

    /// <summary>The meter every instrument belongs to (a listener may compare against it).</summary>
    public Meter Meter { get; }

    /// <summary>One list served: its latency and its items as impressions shown.</summary>
    /// <param name="listKind"><c>recommendations</c> or <c>similar</c>.</param>
    /// <param name="method">The method that produced the list (e.g. <c>hybrid</c>, <c>similar</c>).</param>
    public void ListServed(string listKind, string method, string modelVersion, int items, TimeSpan elapsed)
    {
        var tags = new TagList { { "list_kind", listKind }, { "method", method }, { "model_version", modelVersion } };
        _listDuration.Record(elapsed.TotalMilliseconds, tags);
        if (items > 0) _shown.Add(items, tags);
    }

    /// <summary>Impressions written to the table (called by the impression writer).</summary>
    public void ImpressionsRecorded(int count)
    {
        if (count > 0) _recorded.Add(count);
    }

    /// <summary>Impressions lost before they were stored: <c>buffer_full</c> (the buffer overflowed) or <c>write_failed</c>.</summary>
    public void ImpressionsDropped(int count, string reason)
    {
        if (count > 0) _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>A click received: <paramref name="stored"/> false when it repeated a stored click.</summary>
    public void Click(string recommendationType, bool stored) =>
        _clicks.Add(1, new KeyValuePair<string, object?>("recommendation_type", recommendationType),
            new KeyValuePair<string, object?>("outcome", stored ? "stored" : "duplicate"));

    /// <summary>
    /// A retrain finished: <paramref name="outcome"/> is the status record's state (<c>succeeded</c>, <c>refused</c>,
    /// <c>failed</c>) or <c>busy</c>/<c>retrying</c>; <paramref name="winner"/> the selected method when a model was stored.
    /// </summary>
    public void RetrainFinished(string trigger, string outcome, string? winner, bool promoted, TimeSpan elapsed)
    {
        var tags = new TagList { { "trigger", trigger }, { "outcome", outcome }, { "winner", winner ?? "" }, { "promoted", promoted } };
        _retrains.Add(1, tags);
        _retrainDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Each training stage's wall time (the report's <c>timings_ms</c>; <c>total</c> is the retrain duration's).</summary>
    public void TrainingStages(IReadOnlyDictionary<string, long> milliseconds)
    {
        foreach (var (stage, ms) in milliseconds)
            if (stage != "total") _stageDuration.Record(ms, new KeyValuePair<string, object?>("stage", stage));
    }

    /// <summary>Every data-quality check of one retrain's gates.</summary>
    public void GateDecisions(GateResult? gates)
    {
        if (gates is null) return;
        foreach (var check in gates.Checks)
            _gateChecks.Add(1, new KeyValuePair<string, object?>("gate", check.Name), new KeyValuePair<string, object?>("passed", check.Passed));
    }
}
