namespace Ektp.Biometrics;

/// <summary>
/// The enrollment quality gate. <see cref="FingerprintTemplate.Quality"/> is 100 × clarity × area × minutiae:
/// clarity = mean ridge-orientation coherence over the print (0 = smudge/noise, 1 = clean parallel ridges),
/// area = √(print area / 12 × 12 mm) capped at 1, minutiae = reliable minutiae / 20 capped at 1.
/// Rough reading: ≥ 60 good, 40–59 usable, 20–39 poor (recapture if the person is present), &lt; 20 unusable.
/// </summary>
public static class FingerprintQuality
{
    /// <summary>Enrollment asks for a new capture below this quality.</summary>
    public const int MinimumForEnrollment = 40;

    /// <summary>Fewer minutiae than this cannot identify anyone reliably among millions.</summary>
    public const int MinimumMinutiae = 12;

    /// <summary>
    /// Checks a template for enrollment. Returns <c>null</c> when it may be enrolled, otherwise a short reason
    /// (English) to show the operator so the finger can be captured again on the spot.
    /// </summary>
    public static string? RejectionReason(FingerprintTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.Minutiae.Count < MinimumMinutiae)
        {
            return $"Only {template.Minutiae.Count} minutiae found: press the whole fingertip flat on the sensor.";
        }

        if (template.Quality < MinimumForEnrollment)
        {
            return $"Image quality {template.Quality} is below {MinimumForEnrollment}: clean the sensor and the "
                + "finger (not too dry, not too wet) and capture again.";
        }

        return null;
    }

    /// <summary>A one-word reading of a quality score: good, usable, poor or unusable.</summary>
    public static string Describe(int quality) => quality switch
    {
        >= 60 => "good",
        >= MinimumForEnrollment => "usable",
        >= 20 => "poor",
        _ => "unusable",
    };
}
