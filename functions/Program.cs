using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Teddy.Functions.DevRunner;
using Teddy.Hosting;

// Without Core Tools, `dotnet run -- --dev-runner` serves these same functions on ASP.NET Core (see DevRunner/).
if (DevRunnerHost.IsRequested(args)) return await DevRunnerHost.RunAsync(args);

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddTeddy(builder.Configuration);
await builder.Build().RunAsync();
return 0;
