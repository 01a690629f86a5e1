namespace Ektp.Biometrics.Engine.Search;

/// <summary>What one search cost, for the benchmark.</summary>
internal sealed record SearchStatistics(
    long FingersScanned, double PrefilterMilliseconds, int ExactComparisons, double ExactMilliseconds);
