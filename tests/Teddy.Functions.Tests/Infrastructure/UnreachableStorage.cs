using System.Net;
using System.Net.Sockets;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// Storage endpoints that are down in the two ways that matter: <see cref="Kind.Refused"/> — a closed port,
/// so connecting fails at once — and <see cref="Kind.BlackHole"/> — a listener that accepts connections and
/// never answers, so only a timeout ends a call.
/// </summary>
public sealed class UnreachableStorage : IDisposable
{
    public enum Kind { Refused, BlackHole }

    private readonly TcpListener? _listener;
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public UnreachableStorage(Kind kind)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(backlog: 512);
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        if (kind == Kind.Refused)
        {
            listener.Stop(); // nobody listens on the port any more
            return;
        }
        _listener = listener;
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var socket = await listener.AcceptSocketAsync(_stop.Token);
                    lock (_held) _held.Add(socket); // read nothing, answer nothing
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        });
    }

    public int Port { get; }

    /// <summary>A development-storage connection string whose blob, queue and table endpoints are this port.</summary>
    public string ConnectionString => AzuriteFixture.ConnectionStringFor(Port, Port, Port);

    public void Dispose()
    {
        _stop.Cancel();
        _listener?.Stop();
        lock (_held)
        {
            foreach (var socket in _held) socket.Dispose();
        }
        _stop.Dispose();
    }
}
