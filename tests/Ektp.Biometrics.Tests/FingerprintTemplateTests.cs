namespace Ektp.Biometrics.Tests;

public class FingerprintTemplateTests
{
    [Fact]
    public void Extraction_finds_minutiae_and_a_quality()
    {
        var template = TestData.SampleTemplate("DB1_B", "101_1.png");
        Assert.InRange(template.Minutiae.Count, 12, 80);
        Assert.InRange(template.Quality, 1, 100);
        Assert.All(template.Minutiae, m =>
        {
            Assert.InRange(m.X, 0, template.Width - 1);
            Assert.InRange(m.Y, 0, template.Height - 1);
            Assert.InRange(m.Quality, 1, 100);
            Assert.NotEqual(MinutiaType.Other, m.Type);
        });
    }

    [Fact]
    public void Extraction_is_deterministic()
    {
        var a = TestData.SampleTemplate("DB3_B", "102_3.png");
        var b = TestData.SampleTemplate("DB3_B", "102_3.png");
        Assert.Equal(a.ToBytes(), b.ToBytes());
    }

    [Fact]
    public void Bytes_round_trip_and_stay_under_one_kilobyte()
    {
        var template = TestData.SampleTemplate("DB1_B", "102_2.png");
        var bytes = template.ToBytes();
        var back = FingerprintTemplate.FromBytes(bytes);
        Assert.True(bytes.Length <= 1024);
        Assert.Equal(template.Minutiae, back.Minutiae);
        Assert.Equal(template.Quality, back.Quality);
        Assert.Equal(template.Width, back.Width);
        Assert.Equal(template.Orientation, back.Orientation);
        Assert.Equal(template.RidgeCounts, back.RidgeCounts);
        Assert.Equal(bytes, back.ToBytes());
    }

    [Fact]
    public void A_version_2_template_without_ridge_counts_is_still_read()
    {
        var template = TestData.SampleTemplate("DB1_B", "102_2.png");
        var v2 = new FingerprintTemplate([.. template.Minutiae], template.Width, template.Height, template.Quality)
        {
            Orientation = template.Orientation,
        }.ToBytes();
        Assert.Equal(2, v2[3]);
        var back = FingerprintTemplate.FromBytes(v2);
        Assert.Null(back.RidgeCounts);
        Assert.Equal(template.Orientation, back.Orientation);
        Assert.Equal(template.Minutiae, back.Minutiae);
    }

    [Fact]
    public void A_version_3_template_whose_ridge_counts_are_cut_or_missing_is_a_format_error()
    {
        var bytes = TestData.SampleTemplate("DB1_B", "102_2.png").ToBytes();
        var grid = 10 + (6 * bytes[9]);
        grid += 4 + (((bytes[grid + 2] * bytes[grid + 3]) + 1) / 2);

        // More counts than there are bytes; none at all; a count section cut short.
        var more = (byte[])bytes.Clone();
        more[grid + 1] += 4;
        var none = bytes[..grid].Concat(bytes[^2..]).ToArray();
        var zero = bytes[..grid].Concat(new byte[] { 0, 0 }).Concat(bytes[^2..]).ToArray();
        var cut = bytes[..^3].Concat(bytes[^2..]).ToArray();
        foreach (var damaged in new[] { more, none, zero, cut }.Select(Resealed))
        {
            Assert.Contains("ridge counts", Assert.Throws<FormatException>(() => FingerprintTemplate.FromBytes(damaged)).Message);
        }
    }

    [Fact]
    public void Extracted_templates_carry_an_orientation_grid_and_ridge_counts_and_minutiae_alone_are_written_as_version_1()
    {
        var template = TestData.SampleTemplate("DB1_B", "102_2.png");
        var bytes = template.ToBytes();
        Assert.Equal(3, bytes[3]);
        Assert.NotNull(template.Orientation);
        Assert.NotNull(template.RidgeCounts);
        var countBytes = 2 + ((template.RidgeCounts!.Length + 1) / 2);

        // Cells of a 32-px grid over the print's bounding box: a 388 × 374 image has at most 13 × 12.
        Assert.InRange(template.Orientation!.Length, 5, 4 + ((13 * 12) + 1) / 2);

        var minutiaeOnly = FingerprintTemplate.FromMinutiae(template.Minutiae, template.Width, template.Height, template.Quality);
        var v1 = minutiaeOnly.ToBytes();
        Assert.Equal(1, v1[3]);
        Assert.Equal(bytes.Length - template.Orientation.Length - countBytes, v1.Length);
        var back = FingerprintTemplate.FromBytes(v1);
        Assert.Null(back.Orientation);
        Assert.Equal(template.Minutiae, back.Minutiae);
    }

    [Fact]
    public void A_version_2_template_whose_grid_is_cut_or_missing_is_a_format_error()
    {
        var bytes = TestData.SampleTemplate("DB1_B", "102_2.png").ToBytes();
        var count = bytes[9];
        var end = 10 + (6 * count);

        // The grid says more rows than there are bytes; a version 2 template with no grid at all.
        var longer = (byte[])bytes.Clone();
        longer[end + 3]++;
        var none = bytes[..end].Concat(bytes[^2..]).ToArray();
        foreach (var damaged in new[] { Resealed(longer), Resealed(none) })
        {
            Assert.Contains("orientation grid", Assert.Throws<FormatException>(() => FingerprintTemplate.FromBytes(damaged)).Message);
        }
    }

    // The same bytes with the checksum made right again (Fletcher-16 of all but the last two bytes).
    private static byte[] Resealed(byte[] bytes)
    {
        long a = 0, b = 0;
        foreach (var x in bytes.AsSpan(0, bytes.Length - 2))
        {
            a = (a + x) % 255;
            b = (b + a) % 255;
        }

        var copy = (byte[])bytes.Clone();
        (copy[^2], copy[^1]) = ((byte)b, (byte)a);
        return copy;
    }

    [Fact]
    public void Damaged_bytes_are_a_format_error()
    {
        var bytes = TestData.SampleTemplate("DB1_B", "102_2.png").ToBytes();
        var flipped = (byte[])bytes.Clone();
        flipped[20] ^= 0x40;
        var newer = (byte[])bytes.Clone();
        newer[3] = 99;
        Assert.Throws<FormatException>(() => FingerprintTemplate.FromBytes(flipped));
        Assert.Throws<FormatException>(() => FingerprintTemplate.FromBytes(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Contains("version 99", Assert.Throws<FormatException>(() => FingerprintTemplate.FromBytes(newer)).Message);
        Assert.Throws<FormatException>(() => FingerprintTemplate.FromBytes([]));
    }

    [Fact]
    public void Random_bytes_never_crash_the_readers()
    {
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length > 12)
            {
                "EKF\u0001"u8.CopyTo(bytes);
            }
            else if (bytes.Length > 12)
            {
                "FMR\0 20\0"u8.CopyTo(bytes);
            }

            try
            {
                FingerprintTemplate.FromBytes(bytes);
            }
            catch (FormatException)
            {
            }

            try
            {
                FingerprintTemplate.FromIso19794(bytes);
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void Iso_record_round_trips()
    {
        var template = TestData.SampleTemplate("DB3_B", "103_1.png");
        var iso = template.ToIso19794();
        var back = FingerprintTemplate.FromIso19794(iso);
        Assert.Equal(template.Minutiae, back.Minutiae);
        Assert.Equal(template.Width, back.Width);
        Assert.Equal("FMR\0 20\0"u8.ToArray(), iso[..8]);
    }

    [Fact]
    public void Reads_real_iso_records()
    {
        foreach (var path in Directory.GetFiles(TestData.Sample("iso19794-2", "DB1_B"), "*.iso"))
        {
            var template = FingerprintTemplate.FromIso19794(File.ReadAllBytes(path));
            Assert.InRange(template.Minutiae.Count, 13, 69);
            Assert.All(template.Minutiae, m => Assert.NotEqual(MinutiaType.Other, m.Type));
        }
    }

    [Fact]
    public void Damaged_iso_record_is_a_format_error()
    {
        var iso = File.ReadAllBytes(TestData.Sample("iso19794-2", "DB1_B", "101_1.iso"));
        Assert.Throws<FormatException>(() => FingerprintTemplate.FromIso19794(iso.AsSpan(0, 40)));
        var wrong = (byte[])iso.Clone();
        wrong[0] = (byte)'X';
        Assert.Throws<FormatException>(() => FingerprintTemplate.FromIso19794(wrong));
    }

    [SharedDataFact]
    public void Real_iso_records_of_one_finger_outscore_other_fingers()
    {
        var folder = TestData.Shared("iso19794-2", "DB1_B");
        var templates = Directory.GetFiles(folder, "*.iso").Order(StringComparer.Ordinal)
            .Select(p => (Finger: Path.GetFileName(p)[..3], Template: FingerprintTemplate.FromIso19794(File.ReadAllBytes(p))))
            .ToList();
        var genuine = new List<double>();
        var impostor = new List<double>();
        for (var i = 0; i < templates.Count; i++)
        {
            for (var j = i + 1; j < templates.Count; j++)
            {
                var score = FingerprintMatcher.Score(templates[i].Template, templates[j].Template);
                (templates[i].Finger == templates[j].Finger ? genuine : impostor).Add(score);
            }
        }

        Assert.Equal(80, templates.Count);
        Assert.True(genuine.Average() > 3 * impostor.Average(), $"genuine {genuine.Average()} impostor {impostor.Average()}");
    }

    [Fact]
    public void Minutiae_with_negative_coordinates_are_refused()
    {
        var minutiae = new[] { new Minutia(10, 10, 0, MinutiaType.Ending, 50), new Minutia(-1, 10, 0, MinutiaType.Ending, 50) };
        Assert.Throws<ArgumentOutOfRangeException>(() => FingerprintTemplate.FromMinutiae(minutiae, 300, 300, 50));
    }
}
