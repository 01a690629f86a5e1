using Ektp.Core.Residents;

namespace Ektp.Core.Population;

/// <summary>One generated family card with its members, head first.</summary>
/// <param name="Family">The family card.</param>
/// <param name="Members">The members: head, spouse, children, and sometimes a parent of the head.</param>
public sealed record SyntheticFamily(Family Family, IReadOnlyList<SyntheticResident> Members);

/// <summary>One generated resident and, when recorded, when and where.</summary>
/// <param name="Resident">The resident.</param>
/// <param name="RecordedAt">When the resident recorded for the e-KTP; null when not (yet) recorded.</param>
/// <param name="RecordedWhere">Where the recording took place; null when not recorded.</param>
public sealed record SyntheticResident(Resident Resident, DateTimeOffset? RecordedAt, RecordingLocation? RecordedWhere);
