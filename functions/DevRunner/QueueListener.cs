using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teddy.Functions.Queues;
using Teddy.Storage;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// Runs queue-triggered functions as the Functions host's queue extension does, with the same attribute
/// (<c>%SETTING%</c> queue names, the <c>Connection</c> setting resolved as the host resolves it) and the same
/// host.json <c>extensions.queues</c> settings: polls with a back-off from 100 ms up to <c>maxPollingInterval</c>,
/// takes up to <c>batchSize</c> messages (invisible for 10 minutes, renewed while the function runs), decodes them
/// with <c>messageEncoding</c>, calls the function with a new instance from DI, deletes a message on success, makes
/// it visible again after <c>visibilityTimeout</c> on failure, and after <c>maxDequeueCount</c> attempts moves it to
/// <c>&lt;queue&gt;-poison</c>. Functions get the runner's shutdown token only.
/// </summary>
public sealed partial class QueueListener(FunctionTable table, IServiceProvider services, IConfiguration configuration, ILogger<QueueListener> logger)
    : BackgroundService
{
    /// <summary>How long a received message stays invisible before the next renewal (the host's value).</summary>
    public static readonly TimeSpan MessageLease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = QueuesHostOptions.Current(configuration);
        // As under the host, a queue name or connection that does not resolve stops the app at start-up.
        var listeners = new List<Task>();
        foreach (var function in table.Queues)
            listeners.Add(ListenAsync(function, await OpenAsync(function, settings, stoppingToken), settings, stoppingToken));
        await Task.WhenAll(listeners);
    }

    /// <summary>Replaces every <c>%SETTING%</c> in a binding expression with the setting's value, as the host does.</summary>
    /// <exception cref="InvalidOperationException">A referenced setting is not set.</exception>
    public static string Resolve(string expression, IConfiguration configuration) =>
        SettingReference().Replace(expression, match => configuration[match.Groups[1].Value] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"'{expression}' uses the setting '{match.Groups[1].Value}', which is not set."));

    private sealed record QueuePair(QueueClient Queue, QueueClient Poison);

    private async Task<QueuePair> OpenAsync(QueueFunction function, QueuesHostOptions settings, CancellationToken stoppingToken)
    {
        ValidateParameters(function);
        string name = Resolve(function.QueueName, configuration);
            var connection = StorageQueues.ResolveConnection(configuration, function.Connection)
                ?? throw new InvalidOperationException($"The connection setting '{function.Connection}' (or AzureWebJobs{function.Connection}) is not set.");
        var credentials = services.GetRequiredService<AzureComponentFactory>();
        var raw = StorageQueues.CreateServiceClient(connection, QueueMessageEncoding.None, credentials);
        var poison = StorageQueues.CreateServiceClient(connection, settings.MessageEncoding, credentials).GetQueueClient($"{name}-poison");
        // A message the encoding cannot decode is poison straight away, as under the host.
        var queue = StorageQueues.CreateServiceClient(connection, settings.MessageEncoding, credentials,
            options => options.MessageDecodingFailed += async args =>
            {
                if (args.ReceivedMessage is not { } undecodable) return;
                logger.LogError("Queue {Queue}: message {Id} is not {Encoding}-encoded; moved to {Poison}", name, undecodable.MessageId,
                    settings.MessageEncoding, poison.Name);
                var rawPoison = raw.GetQueueClient(poison.Name);
                await rawPoison.CreateIfNotExistsAsync();
                await rawPoison.SendMessageAsync(undecodable.Body);
                await args.Queue.DeleteMessageAsync(undecodable.MessageId, undecodable.PopReceipt);
            }).GetQueueClient(name);
        try
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Storage not up yet: the polling loop keeps trying.
            logger.LogWarning("Queue {Queue} could not be created yet: {Message}", name, e.Message);
        }
        logger.LogInformation("Queue trigger {Function} listens on {Queue} (batch {Batch}, {Max} attempts, retry after {Retry})",
            function.Name, name, settings.BatchSize, settings.MaxDequeueCount, settings.VisibilityTimeout);
        return new QueuePair(queue, poison);
    }

    private async Task ListenAsync(QueueFunction function, QueuePair queues, QueuesHostOptions settings, CancellationToken stoppingToken)
    {
        var (queue, poison) = queues;
        var wait = FirstPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages = [];
            try
            {
                messages = (await queue.ReceiveMessagesAsync(Math.Clamp(settings.BatchSize, 1, 32), MessageLease, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Queue {Queue} could not be read: {Message}", queue.Name, e.Message);
            }

            if (messages.Length == 0)
            {
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, Math.Max(FirstPoll.Ticks, settings.MaxPollingInterval.Ticks)));
                try { await Task.Delay(wait, stoppingToken); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            wait = FirstPoll;
            await Task.WhenAll(messages.Select(message => ProcessAsync(function, queue, poison, message, settings, stoppingToken)));
        }
    }

    private async Task ProcessAsync(QueueFunction function, QueueClient queue, QueueClient poison, QueueMessage message,
        QueuesHostOptions settings, CancellationToken stoppingToken)
    {
        string receipt = message.PopReceipt;
        try
        {
            // A message that already used its attempts (its run took the process down) is not run again.
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, receipt);
                return;
            }

            bool succeeded;
            using (var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                var renewal = RenewAsync(queue, message, r => receipt = r, () => receipt, running.Token);
                try
                {
                    await InvokeAsync(function, message, stoppingToken);
                    succeeded = true;
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Queue function {Function} failed on message {Id} (attempt {Attempt} of {Max})",
                        function.Name, message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
                    succeeded = false;
                }
                await running.CancelAsync();
                await renewal;
            }

            if (succeeded) await queue.DeleteMessageAsync(message.MessageId, receipt, CancellationToken.None);
            else if (message.DequeueCount >= settings.MaxDequeueCount) await MoveToPoisonAsync(queue, poison, message, receipt);
            else await queue.UpdateMessageAsync(message.MessageId, receipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
        }
        catch (Exception e)
        {
            // The message reappears when its invisibility ends, as under the host.
            logger.LogWarning(e, "Queue {Queue}: message {Id} could not be completed", queue.Name, message.MessageId);
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, string receipt)
    {
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(message.Body);
        await queue.DeleteMessageAsync(message.MessageId, receipt);
        logger.LogError("Queue {Queue}: message {Id} failed {Attempts} times; moved to {Poison}", queue.Name, message.MessageId,
            message.DequeueCount, poison.Name);
    }

    /// <summary>Keeps a running message invisible: renews its lease at half its length, as the host does.</summary>
    private static async Task RenewAsync(QueueClient queue, QueueMessage message, Action<string> setReceipt, Func<string> receipt,
        CancellationToken running)
    {
        while (true)
        {
            try
            {
                await Task.Delay(MessageLease / 2, running);
                var updated = await queue.UpdateMessageAsync(message.MessageId, receipt(), visibilityTimeout: MessageLease, cancellationToken: running);
                setReceipt(updated.Value.PopReceipt);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Azure.RequestFailedException)
            {
                // Try again at the next renewal; the lease lasts until then.
            }
        }
    }

    private Task InvokeAsync(QueueFunction function, QueueMessage message, CancellationToken stoppingToken)
    {
        var arguments = function.Method.GetParameters().Select(p => Bind(p.ParameterType, message, stoppingToken)).ToArray();
        return InvokeScopedAsync(function, arguments);
    }

    private async Task InvokeScopedAsync(QueueFunction function, object?[] arguments)
    {
        await using var scope = services.CreateAsyncScope();
        await FunctionInvoker.InvokeAsync(function.Method, scope.ServiceProvider, arguments);
    }

    private static object? Bind(Type type, QueueMessage message, CancellationToken stoppingToken) =>
        type == typeof(QueueMessage) ? message
        : type == typeof(string) ? message.Body.ToString()
        : type == typeof(BinaryData) ? message.Body
        : type == typeof(CancellationToken) ? stoppingToken
        : throw new NotSupportedException($"The development runner cannot bind a queue function parameter of type {type.Name}.");

    private static void ValidateParameters(QueueFunction function)
    {
        foreach (var parameter in function.Method.GetParameters())
            if (parameter.ParameterType != typeof(QueueMessage) && parameter.ParameterType != typeof(string)
                && parameter.ParameterType != typeof(BinaryData) && parameter.ParameterType != typeof(CancellationToken))
                throw new NotSupportedException(
                    $"Queue function '{function.Name}' has a parameter '{parameter.Name}' ({parameter.ParameterType.Name}) the development runner cannot bind.");
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
