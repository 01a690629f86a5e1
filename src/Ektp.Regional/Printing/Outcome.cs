using Ektp.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ektp.Regional.Printing;

/// <summary>An expected refusal with its stable problem code (docs/problems.md); nothing was stored.</summary>
internal sealed record Refusal(int Status, string Code, string Title, string Detail)
{
    public ProblemHttpResult ToProblem() => Problems.Of(Status, Code, Title, Detail);
}

/// <summary>What a printing operation gives back: a value, or the refusal.</summary>
internal sealed record Outcome<T>(T? Value, Refusal? Refusal) where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(null, refusal);

    public static Refusal Refuse(int status, string code, string title, string detail) =>
        new(status, code, title, detail);
}
