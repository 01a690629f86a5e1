namespace Ektp.Core.Residents;

/// <summary>
/// One data row of a SIAK export as read by <see cref="SiakCsv.Read"/>: either a <see cref="SiakResident"/> or a
/// <see cref="SiakRowError"/>. Match on the type.
/// </summary>
/// <param name="Line">The 1-based line number where the row starts (the header is line 1).</param>
public abstract record SiakRow(long Line);

/// <summary>A row that passed every check.</summary>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Resident">The resident read from it.</param>
public sealed record SiakResident(long Line, Resident Resident) : SiakRow(Line);

/// <summary>A row that was refused, with the reason.</summary>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Code">A stable code from <see cref="SiakErrorCodes"/>.</param>
/// <param name="Reason">What is wrong, in plain English words.</param>
public sealed record SiakRowError(long Line, string Code, string Reason) : SiakRow(Line);
