using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Serving;

namespace Teddy.Functions.Http;

/// <summary>
/// A 503 answer with a <c>Retry-After</c> header: <see cref="RetryAfterSeconds"/> when set, otherwise the
/// <c>Teddy:Serving:RetryAfterSeconds</c> setting, read when the answer is written.
/// </summary>
public sealed class ServiceUnavailableResult : ObjectResult
{
    public ServiceUnavailableResult(object? value) : base(value) => StatusCode = StatusCodes.Status503ServiceUnavailable;

    public int? RetryAfterSeconds { get; init; }

    public override Task ExecuteResultAsync(ActionContext context)
    {
        int seconds = RetryAfterSeconds
            ?? context.HttpContext.RequestServices?.GetService<IOptions<ServingOptions>>()?.Value.RetryAfterSeconds
            ?? new ServingOptions().RetryAfterSeconds;
        context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
        return base.ExecuteResultAsync(context);
    }
}
