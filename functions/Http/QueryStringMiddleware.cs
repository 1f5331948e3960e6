using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Teddy.Functions.Http;

/// <summary>
/// Functions worker middleware (registered in Program.cs, inside the ASP.NET Core integration's own middleware): an
/// HTTP request whose query string <see cref="QueryStringCheck"/> refuses is answered with its 400 problem and the
/// function is not run. The development runner applies the same check in <c>FunctionInvoker</c>. Non-HTTP functions
/// pass unchanged.
/// </summary>
public sealed class QueryStringMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && QueryStringCheck.Problem(context.FunctionDefinition.Name, http.Request) is { } problem)
        {
            // The ASP.NET Core integration writes an IActionResult invocation result to the response.
            context.GetInvocationResult().Value = problem;
            return Task.CompletedTask;
        }
        return next(context);
    }
}
