namespace Ektp.Biometrics;

/// <summary>
/// Every tuning constant of the engine in one place. Distances are in pixels at 500 dpi, angles in
/// "byte angles" (256 per full turn) unless the name says otherwise.
/// </summary>
internal static class Parameters
{
    public const int InternalDpi = 500;

    // Templates are at InternalDpi; the extractor works on the image resampled to ExtractionDpi. Its pixel constants
    // below (block size, filter radii, spur and gap lengths, mask erosion) are in extraction pixels. Binarising and
    // thinning on the finer grid keeps 4-pixel-wide ridges and 2–3-pixel valleys from being rounded to the grid:
    // FVC2002 DB1–DB3 average EER 4.40 % at 500, 3.45 % at 569, 3.32 % at 620, 3.33 % at 640, 3.72 % at 680.
    public const int ExtractionDpi = 640;
    public const int MinDpi = 250;
    public const int MaxDpi = 1200;

    // A fingerprint at 500 dpi is roughly 250..800 px on a side; refuse what cannot be a finger.
    public const int MinImageSide = 96;
    public const int MaxImageSide = 2000;
    public const int MaxEncodedBytes = 32 * 1024 * 1024;

    // Segmentation and orientation work on square blocks.
    public const int BlockSize = 8;
    public const int ContrastWindowBlocks = 1;
    // Block contrast is measured on the image band-passed to the ridge band: a 3 x 3 box mean minus an 11 x 11 box mean
    // (640 dpi; ridges are about 11 px apart). Against the plain grey-level contrast this took FVC2002 DB3_B from 2.50
    // to 1.43 % EER (a sensor background of slow blotches was taken for print) and made segmentation far less sensitive
    // to lower contrast and tone curves (fourteenth session, docs/benchmarks.md). The floor is in band-passed grey levels.
    public const int BandPassInnerRadius = 1;
    public const int BandPassOuterRadius = 5;
    public const double AbsoluteContrastMin = 2.0;
    public const double RelativeContrastMin = 0.30;
    public const int MaskSmoothingPasses = 3;

    // Noise, not ridges: a block whose grey level crosses the window's mean more often than this per 24-px line, along
    // both rows and columns (BlockField.Crossings; ridges 8 px apart at 640 dpi cross at most about 4 times).
    public const double MaxMeanCrossings = 6;
    // 7 x 7 blocks of 8 px at 640 dpi (44 px at 500): the same area of skin as 5 x 5 blocks at 500 dpi before.
    public const int OrientationSmoothingRadius = 3;
    public const int MaskBorderErosionPixels = 14;

    // Enhancement: oriented line filters (a cheap substitute for a Gabor bank).
    public const int DirectionSteps = 32;
    public const int ParallelRadius = 7;
    public const int OrthogonalRadius = 5;

    // Binary clean-up: specks and pores smaller than this are noise.
    public const int MinComponentPixels = 24;

    // Skeleton clean-up.
    public const int MinSpurLength = 14;
    public const int MinFragmentLength = 18;
    public const int BridgeLength = 8;
    public const int GapDistance = 14;
    public const int MinMinutiaSpacing = 5;
    public const int DirectionTraceLength = 12;

    public const int MaxMinutiae = 80;

    // Matching: local structures of nearest neighbours.
    public const int Neighbours = 12;
    public const int VoteNeighbours = 12;
    public const int MaxEdgeLength = 180;
    public const int EdgeLengthBin = 10;
    // Bins of the probe's edge hash per relative angle. Any width gives the same votes (an edge is filed under every
    // angle bin its tolerance reaches, so only compatible pairs in the length bins count); 8 bins of 45° halve the
    // index against 16 (probe preparation 160 -> 110 µs), and a bin still fits one vector compare.
    public const int EdgeAngleBins = 8;
    public const double EdgeLengthTolerance = 5.0;
    public const double EdgeLengthRelativeTolerance = 0.06;
    // ±15° (was ±21° while minutia directions came from a 12-px skeleton trace).
    public const int EdgeAngleTolerance = 11;
    public const int MaxRoots = 10;
    // A tree's pairs count as consistent within FitDistanceTolerance + FitDistortion x (distance from the pairs'
    // centre) of the rigid transform fitted to them (least squares, refitted once on its inliers). This replaced a
    // check against the root pair's alignment (14 px + 10 % of the distance from the root): FVC2002 DB1-DB3 average
    // EER 2.99 -> 2.85 %, FMR1000 7.02 -> 6.55 %; on SecuGen's minutiae 2.98 -> 2.87 %.
    public const double FitDistanceTolerance = 10.0;
    public const double FitDistortion = 0.05;
    // The best tree is recounted under its fitted transform: unpaired minutiae within FitDistanceTolerance of each
    // other pair up, and the paired share counts only minutiae within OverlapRadius of one of the other print's.
    public const double OverlapRadius = 40.0;
    public const int PairAngleTolerance = 24;

    // A pair the recount adds counts as this much support (the tree's support counts the edges confirmed in both
    // prints, about two a pair): confirmed by the fitted transform alone, it is weaker evidence than a pair the tree
    // reached along edges, but evidence. Eighteenth session: FVC2002 DB1 / DB2 / DB3 EER 0.72 / 1.78 / 1.43 ->
    // 0.79 / 1.46 / 1.43 %, and over nine resolutions each (eval --sweep) 1.96 -> 1.92 % (DB2 1.88 -> 1.79 %).
    public const double RecountSupport = 0.5;

    // Ridge counts of the same pair of minutiae in two impressions may differ by this much (a ridge met at the very end
    // of the line falls either side of the count); edges whose counts differ by more are not the same edge.
    public const int RidgeCountTolerance = 1;

    // Gallery pre-filter.
    public const int SignatureWords = 32;

    // Minutiae this engine extracted with a quality below this (local coherence × √contrast, 0–100) are left out of
    // the pre-filter signature: their pairs are mostly chance, and set bits that crowd out a mate's.
    public const int SignatureMinQuality = 30;

    // Each probe finger keeps this share of its shelf (at least PrefilterMinimum) for the exact matcher.
    public const double PrefilterFraction = 0.004;

    // A person's other fingers are matched only when a pre-filtered finger already scores this (FMR ≈ 6 %).
    public const double CascadeScore = 12;
    public const int PrefilterMinimum = 200;

    // With several probe fingers, persons with a finger within this many times its keep are also ranked by the sum of
    // their fingers' pre-filter z-scores, and the best (this share of one finger's keep) that the union missed pass.
    public const int PrefilterFusionDepth = 2;
    public const double PrefilterFusedShare = 0.5;
}
