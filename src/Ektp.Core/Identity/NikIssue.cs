namespace Ektp.Core.Identity;

/// <summary>One error or warning about a NIK or KK number.</summary>
/// <param name="Code">A stable kebab-case code such as <c>nik-length</c>, for programs and problem details.</param>
/// <param name="Message">What is wrong, in plain English words.</param>
public sealed record NikIssue(string Code, string Message);
