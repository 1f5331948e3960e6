using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Http;
using Teddy.Functions.Interchange;
using Teddy.Functions.Observability;
using Teddy.Hosting;

// Without Core Tools, `dotnet bin/<configuration>/net10.0/Teddy.Functions.dll --dev-runner` serves these same
// functions on ASP.NET Core (see DevRunner/ and the README).
if (DevRunnerHost.IsRequested(args)) return await DevRunnerHost.RunAsync(args);
// `dotnet Teddy.Functions.dll export [--out DIR]` writes Spark ALS's input (Interchange/ExportCommand.cs, docs/spark-als.md).
if (ExportCommand.IsRequested(args)) return await ExportCommand.RunAsync(args);

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<QueryStringMiddleware>(); // bad escapes, undeclared parameters: 400 before any function runs
builder.UseMiddleware<StorageUnavailableMiddleware>(); // storage down: 503 + Retry-After, not 500
builder.Services.AddTeddy(builder.Configuration);
builder.Services.AddTeddyTelemetry(builder.Configuration)?.UseFunctionsWorkerDefaults(); // Application Insights, when configured
await builder.Build().RunAsync();
return 0;
