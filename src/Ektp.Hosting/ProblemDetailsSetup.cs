using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ektp.Hosting;

/// <summary>
/// Every error leaves a server as RFC 9457 problem details with a correlation id (`traceId`) and never a stack trace
/// (STYLE.md 4.6). Expected refusals use <see cref="Problems"/>; bugs fall through to <see cref="UnhandledExceptionHandler"/>.
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddEktpProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd("traceId",
                Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        return services;
    }

    public static WebApplication UseEktpProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

internal sealed partial class UnhandledExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception,
        CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            // Malformed requests (broken multipart bodies, oversized bodies) are the client's fault, not a bug.
            httpContext.Response.StatusCode = bad.StatusCode;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails =
                {
                    Status = bad.StatusCode,
                    Title = "The request could not be read.",
                    Detail = bad.Message,
                    Type = Problems.TypePrefix + "request-malformed",
                },
            });
        }

        LogUnhandled(logger, exception, httpContext.TraceIdentifier);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "Quote the traceId when you report this error.",
                Type = Problems.TypePrefix + "internal-error",
            },
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception for request {TraceIdentifier}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string traceIdentifier);
}
