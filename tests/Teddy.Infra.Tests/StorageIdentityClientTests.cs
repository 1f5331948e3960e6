using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Hosting;
using Teddy.Infra.Tests.Infrastructure;

namespace Teddy.Infra.Tests;

/// <summary>
/// The app, composed as in the worker (<see cref="TeddyServiceCollectionExtensions.AddTeddy"/>), given the app
/// settings the deployment writes, builds storage clients for the deployed endpoints that authenticate as the
/// user-assigned identity. The identity endpoint is faked the way App Service provides it (IDENTITY_ENDPOINT and
/// IDENTITY_HEADER); the test watches the token request carry the identity's client id.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class StorageIdentityClientTests(DeploymentFixture deployment) : IDisposable
{
    private readonly FakeIdentityEndpoint _identity = new();

    /// <summary>
    /// The deployed TeddyStorage settings with what only a deployment knows filled in: service URIs pointing at a
    /// closed local port (so nothing leaves the machine) and a fresh client id per run.
    /// </summary>
    private IConfiguration DeployedSettings(string clientId)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (name, value) in deployment.Default.AppSettings)
        {
            string resolved = value;
            if (DeploymentSnapshot.IsExpression(value))
            {
                var endpoint = Regex.Match(value, @"\.primaryEndpoints\.(blob|queue|table)\]$");
                if (endpoint.Success) resolved = $"https://127.0.0.1:1/{endpoint.Groups[1].Value}/";
                else if (value.EndsWith(".clientId]", StringComparison.Ordinal)) resolved = clientId;
                else continue;
            }
            values[name.Replace("__", ":")] = resolved;
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    [Fact]
    public async Task Blob_client_uses_the_deployed_endpoint_and_the_identity()
    {
        string clientId = Guid.NewGuid().ToString();
        await using var services = new ServiceCollection().AddTeddy(DeployedSettings(clientId)).BuildServiceProvider();
        var blobs = services.GetRequiredService<BlobServiceClient>();
        Assert.Equal("https://127.0.0.1:1/blob/", blobs.Uri.ToString());

        var request = await _identity.FirstRequestWhile(token => blobs.GetPropertiesAsync(token));
        Assert.Equal(clientId, request["client_id"]);
        Assert.StartsWith("https://storage.azure.com", request["resource"]);
    }

    [Fact]
    public async Task Table_client_uses_the_deployed_endpoint_and_the_identity()
    {
        string clientId = Guid.NewGuid().ToString();
        await using var services = new ServiceCollection().AddTeddy(DeployedSettings(clientId)).BuildServiceProvider();
        var tables = services.GetRequiredService<TableServiceClient>();
        Assert.Equal("https://127.0.0.1:1/table/", tables.Uri.ToString());

        var request = await _identity.FirstRequestWhile(token => tables.GetPropertiesAsync(token));
        Assert.Equal(clientId, request["client_id"]);
        Assert.StartsWith("https://storage.azure.com", request["resource"]);
    }

    public void Dispose() => _identity.Dispose();

    /// <summary>
    /// An App Service managed identity endpoint on a local port: answers every token request with a fake token and
    /// records its query. Sets IDENTITY_ENDPOINT/IDENTITY_HEADER for this process while it lives.
    /// </summary>
    private sealed class FakeIdentityEndpoint : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly TaskCompletionSource<Dictionary<string, string>> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FakeIdentityEndpoint()
        {
            int port = FreePort();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", $"http://127.0.0.1:{port}/msi/token");
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", "teddy-test");
            _ = Task.Run(ServeAsync);
        }

        /// <summary>Starts a storage call and returns the first token request's query; the call itself is then cancelled.</summary>
        public async Task<Dictionary<string, string>> FirstRequestWhile(Func<CancellationToken, Task> call)
        {
            using var cancel = new CancellationTokenSource();
            var running = call(cancel.Token);
            var first = await Task.WhenAny(_first.Task, running, Task.Delay(TimeSpan.FromSeconds(30)));
            cancel.Cancel();
            try { await running; } catch (Exception) { /* the endpoint is a closed port, or the call was cancelled */ }
            Assert.True(first == _first.Task, "The client asked no managed identity endpoint for a token.");
            return await _first.Task;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; } // stopped
                var query = context.Request.QueryString;
                var request = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!);
                request["header"] = context.Request.Headers["X-IDENTITY-HEADER"] ?? "";
                _first.TrySetResult(request);
                long expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
                byte[] body = Encoding.UTF8.GetBytes(
                    $"{{\"access_token\":\"fake\",\"expires_on\":\"{expires}\",\"resource\":\"{query["resource"]}\",\"token_type\":\"Bearer\"}}");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
            _listener.Close();
        }
    }
}
