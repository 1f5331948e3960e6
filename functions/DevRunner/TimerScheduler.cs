using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// Fires timer functions on their NCRONTAB schedules (six fields, with seconds, in UTC — as the Functions
/// host's timer extension does), resolving <c>%SETTING%</c> schedules from configuration.
/// </summary>
public sealed class TimerScheduler(FunctionTable table, IServiceProvider services, IConfiguration configuration, ILogger<TimerScheduler> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(table.Timers.Select(timer => RunAsync(timer, ScheduleFor(timer, configuration), stoppingToken)));

    /// <summary>Parses a timer's schedule after resolving a <c>%SETTING%</c> reference.</summary>
    public static CrontabSchedule ScheduleFor(TimerFunction timer, IConfiguration configuration)
    {
        string expression = timer.Schedule;
        if (expression.Length > 2 && expression[0] == '%' && expression[^1] == '%')
        {
            string setting = expression[1..^1];
            expression = configuration[setting]
                ?? throw new InvalidOperationException($"Timer '{timer.Name}' uses the setting '{setting}', which is not set.");
        }
        int fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
    }

    private async Task RunAsync(TimerFunction timer, CrontabSchedule schedule, CancellationToken stoppingToken)
    {
        DateTime? last = null;
        if (timer.RunOnStartup) await FireAsync(timer, schedule, last, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTime next = schedule.GetNextOccurrence(DateTime.UtcNow);
            logger.LogInformation("Timer {Function} next fires at {Next:u}", timer.Name, next);
            try
            {
                await Task.Delay(next - DateTime.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await FireAsync(timer, schedule, last, stoppingToken);
            last = next;
        }
    }

    private async Task FireAsync(TimerFunction timer, CrontabSchedule schedule, DateTime? last, CancellationToken stoppingToken)
    {
        var now = DateTime.UtcNow;
        var info = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = schedule.GetNextOccurrence(now), LastUpdated = now },
        };
        try
        {
            await FunctionInvoker.InvokeTimerAsync(timer, services, info, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // A failed run is logged and the schedule goes on, as the Functions host does.
            logger.LogError(e, "Timer function {Function} failed", timer.Name);
        }
    }
}
