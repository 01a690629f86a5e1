namespace Ektp.Faces.Engine;

/// <summary>
/// Turns one output level of YuNet into faces. YuNet is anchor-free: each cell (row r, column c) of a level with
/// stride s predicts a class and an objectness probability, a box as the centre's offset from the cell's corner in
/// cells plus the log of its size in cells, and five landmarks as offsets in cells. The score is the geometric mean
/// sqrt(cls × obj), as in the YuNet paper and OpenCV's FaceDetectorYN.
/// </summary>
internal static class YuNetDecoder
{
    public static void Decode(int stride, int columns, int rows, ReadOnlySpan<float> cls, ReadOnlySpan<float> obj,
        ReadOnlySpan<float> bbox, ReadOnlySpan<float> kps, float threshold, List<DetectedFace> found)
    {
        var cells = columns * rows;
        if (cls.Length != cells || obj.Length != cells || bbox.Length != cells * 4 || kps.Length != cells * 10)
        {
            throw new InvalidOperationException(
                $"The face model's stride-{stride} outputs do not have {cells} cells.");
        }

        for (var i = 0; i < cells; i++)
        {
            var score = MathF.Sqrt(Math.Clamp(cls[i], 0f, 1f) * Math.Clamp(obj[i], 0f, 1f));
            if (!(score >= threshold))
            {
                continue; // also drops NaN
            }

            var row = i / columns;
            var column = i - (row * columns);
            var box = bbox.Slice(i * 4, 4);
            var centreX = (column + box[0]) * stride;
            var centreY = (row + box[1]) * stride;
            var width = MathF.Exp(Math.Clamp(box[2], -10f, 10f)) * stride;
            var height = MathF.Exp(Math.Clamp(box[3], -10f, 10f)) * stride;
            var points = new FacePoint[5];
            var marks = kps.Slice(i * 10, 10);
            for (var p = 0; p < 5; p++)
            {
                points[p] = new FacePoint((column + marks[2 * p]) * stride, (row + marks[(2 * p) + 1]) * stride);
            }

            found.Add(new DetectedFace(new FaceBox(centreX - (width / 2), centreY - (height / 2), width, height),
                score, points));
        }
    }

    /// <summary>Greedy non-maximum suppression: best score first, dropping boxes that overlap a kept one by more than
    /// <paramref name="iouThreshold"/>.</summary>
    public static List<DetectedFace> Suppress(List<DetectedFace> faces, float iouThreshold, int limit = 50)
    {
        var kept = new List<DetectedFace>();
        foreach (var face in faces.OrderByDescending(f => f.Score))
        {
            if (kept.TrueForAll(k => k.Box.IntersectionOverUnion(face.Box) <= iouThreshold))
            {
                kept.Add(face);
                if (kept.Count == limit)
                {
                    break;
                }
            }
        }

        return kept;
    }
}
