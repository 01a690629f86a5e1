using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ektp.Hosting;

/// <summary>
/// Expected refusals as problem details with a stable type `urn:ektp:problem:&lt;code&gt;` (listed in docs/problems.md).
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:ektp:problem:";

    public static ProblemHttpResult Of(int status, string code, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Type = TypePrefix + code,
            Title = title,
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });

    public static ProblemHttpResult BadRequest(string code, string title, string? detail = null) =>
        Of(StatusCodes.Status400BadRequest, code, title, detail);

    public static ProblemHttpResult NotFound(string code, string title, string? detail = null) =>
        Of(StatusCodes.Status404NotFound, code, title, detail);

    public static ProblemHttpResult Conflict(string code, string title, string? detail = null) =>
        Of(StatusCodes.Status409Conflict, code, title, detail);

    public static ProblemHttpResult Unprocessable(string code, string title, string? detail = null) =>
        Of(StatusCodes.Status422UnprocessableEntity, code, title, detail);
}
