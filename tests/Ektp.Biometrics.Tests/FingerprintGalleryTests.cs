using Ektp.Biometrics.Engine.Search;

namespace Ektp.Biometrics.Tests;

public class FingerprintGalleryTests
{
    private static Dictionary<FingerPosition, FingerprintTemplate> Fingers(string db, string name) =>
        new() { [FingerPosition.RightIndex] = TestData.SampleTemplate(db, name) };

    private static FingerprintGallery SampleGallery()
    {
        var gallery = new FingerprintGallery();
        gallery.Add(1, Fingers("DB1_B", "101_1.png"));
        gallery.Add(2, Fingers("DB1_B", "102_1.png"));
        gallery.Add(3, Fingers("DB1_B", "103_1.png"));
        gallery.Add(4, Fingers("DB3_B", "101_1.png"));
        return gallery;
    }

    [Fact]
    public void Finds_a_person_from_another_impression()
    {
        using var gallery = SampleGallery();
        var found = gallery.Search(Fingers("DB1_B", "102_4.png"), 5, 0);
        Assert.Equal(2, found[0].PersonId);
        Assert.True(found[0].Score >= FingerprintMatcher.DefaultThreshold);
        Assert.Equal(found[0].Score, found[0].FingerScores[FingerPosition.RightIndex]);
    }

    [Fact]
    public void Other_finger_positions_are_not_compared()
    {
        using var gallery = SampleGallery();
        var probe = new Dictionary<FingerPosition, FingerprintTemplate>
        {
            [FingerPosition.LeftThumb] = TestData.SampleTemplate("DB1_B", "102_4.png"),
        };
        Assert.Empty(gallery.Search(probe, 5, 0));
    }

    [Fact]
    public void Removed_and_replaced_persons_are_no_longer_found()
    {
        using var gallery = SampleGallery();
        Assert.True(gallery.Remove(2));
        Assert.False(gallery.Remove(2));
        Assert.DoesNotContain(gallery.Search(Fingers("DB1_B", "102_4.png"), 5, 1), c => c.PersonId == 2);
        gallery.Add(1, Fingers("DB1_B", "102_1.png"));
        Assert.Equal(1, gallery.Search(Fingers("DB1_B", "102_4.png"), 5)[0].PersonId);
        Assert.Equal(3, gallery.PersonCount);
        Assert.Equal(3, gallery.FingerCount);
    }

    [Fact]
    public void Persons_replaced_and_removed_many_times_keep_exactly_their_own_fingers()
    {
        // Thousands of replacements and removals make the gallery move its map of fingers together several times.
        using var gallery = new FingerprintGallery();
        var fingers = Enumerable.Range(0, 60).Select(p =>
        {
            var generator = new SyntheticFingers(1000 + p);
            return (Finger: generator.Finger(), Other: generator.Finger());
        }).ToList();
        Dictionary<FingerPosition, FingerprintTemplate> Person(int p, int impression, bool two)
        {
            var noise = new SyntheticFingers((p * 31) + impression);
            var person = new Dictionary<FingerPosition, FingerprintTemplate>
            {
                [FingerPosition.RightThumb] = SyntheticFingers.Template(noise.Impression(fingers[p].Finger)),
            };
            if (two)
            {
                person[FingerPosition.RightIndex] = SyntheticFingers.Template(noise.Impression(fingers[p].Other));
            }

            return person;
        }

        for (var round = 0; round < 40; round++)
        {
            for (var p = 0; p < 60; p++)
            {
                if ((p + round) % 7 == 0)
                {
                    gallery.Remove(p);
                }
                else
                {
                    gallery.Add(p, Person(p, round, two: (p + round) % 2 == 0));
                }
            }
        }

        // After the last round: persons with (p + 39) % 7 == 0 removed, the others with 1 or 2 fingers.
        var present = Enumerable.Range(0, 60).Where(p => (p + 39) % 7 != 0).ToList();
        Assert.Equal(present.Count, gallery.PersonCount);
        Assert.Equal(present.Sum(p => (p + 39) % 2 == 0 ? 2 : 1), gallery.FingerCount);
        foreach (var p in present.Take(12))
        {
            var found = gallery.Search(Person(p, 99, two: true), 3, 0);
            Assert.Equal(p, found[0].PersonId);
            Assert.Equal((p + 39) % 2 == 0 ? 2 : 1, found[0].FingerScores.Count);
        }

        Assert.DoesNotContain(gallery.Search(Person(3, 99, two: true), 10, 0), c => c.PersonId == 3);
    }

    [Fact]
    public void Finger_scores_are_exactly_the_one_to_one_scores_of_the_same_templates()
    {
        // Persons with 20 to 80 minutiae in turn, so that the structures reused between candidates shrink and grow.
        using var gallery = new FingerprintGallery();
        var stored = new Dictionary<long, Dictionary<FingerPosition, FingerprintTemplate>>();
        for (var p = 0; p < 300; p++)
        {
            var generator = new SyntheticFingers(p);
            var (thumb, index) = (generator.Finger(), generator.Finger());
            var noise = new SyntheticFingers(SyntheticFingers.ImpressionSeed(p, 0));
            stored[p] = new()
            {
                [FingerPosition.RightThumb] = SyntheticFingers.Template(noise.Impression(thumb)),
                [FingerPosition.RightIndex] = SyntheticFingers.Template(p % 3 == 0 ? [.. index, .. thumb] : index),
            };
            gallery.Add(p, stored[p]);
        }

        for (var q = 0; q < 6; q++)
        {
            var generator = new SyntheticFingers(q * 41);
            var (thumb, index) = (generator.Finger(), generator.Finger());
            var noise = new SyntheticFingers(SyntheticFingers.ImpressionSeed(q * 41, 1));
            var probe = new Dictionary<FingerPosition, FingerprintTemplate>
            {
                [FingerPosition.RightThumb] = SyntheticFingers.Template(noise.Impression(thumb)),
                [FingerPosition.RightIndex] = SyntheticFingers.Template(noise.Impression(index)),
            };
            var found = gallery.Search(probe, 1000, 0);
            Assert.True(found.Count > 100);
            Assert.Equal(q * 41, found[0].PersonId);
            foreach (var candidate in found)
            {
                foreach (var (position, score) in candidate.FingerScores)
                {
                    Assert.Equal(new FingerprintMatcher(probe[position]).Match(stored[candidate.PersonId][position]), score);
                }
            }
        }
    }

    [Fact]
    public void Finger_scores_of_extracted_templates_with_orientation_grids_are_exactly_the_one_to_one_scores()
    {
        // Every committed sample impression a person (with its orientation grid in the gallery record); each searched
        // twice, so that the second search also reads the stored neighbour lists.
        var templates = new[] { "DB1_B", "DB3_B" }
            .SelectMany(db => Directory.GetFiles(TestData.Sample(db), "*.png").Order(StringComparer.Ordinal))
            .Select(path => FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(path))))
            .ToList();
        Assert.All(templates, t => Assert.NotNull(t.Orientation));
        using var gallery = new FingerprintGallery();
        for (var p = 0; p < templates.Count; p++)
        {
            gallery.Add(p, new Dictionary<FingerPosition, FingerprintTemplate> { [FingerPosition.Unknown] = templates[p] });
        }

        for (var round = 0; round < 2; round++)
        {
            for (var q = 0; q < templates.Count; q += 5)
            {
                var matcher = new FingerprintMatcher(templates[q]);
                var found = gallery.Search(new Dictionary<FingerPosition, FingerprintTemplate> { [FingerPosition.Unknown] = templates[q] }, 100, 0);
                Assert.Equal(templates.Count, found.Count);
                Assert.All(found, c => Assert.Equal(matcher.Match(templates[(int)c.PersonId]), c.Score));
            }
        }
    }

    [Fact]
    public void Records_keep_every_coordinate_type_and_angle_and_full_and_short_neighbour_lists()
    {
        // The compact record packs x and y in 15 bits, the type in 2 and the angle in 8, and the neighbour lists in 5 to
        // 7 bits an index (as many as the print's minutiae need). Prints of the most minutiae a template holds, far out in a large image (coordinates up to
        // 32,767, and patches across 8,192 and 16,384, so that a lost bit would bend the print), every angle and type,
        // some minutiae with fewer than 12 neighbours within reach (short lists), an odd count (a last group of four
        // indexes): scores are those of the 1:1 matcher, before and after the lists are written.
        var random = new Random(5);
        FingerprintTemplate Print(int count, int x0, int y0)
        {
            var minutiae = new List<Minutia>();
            for (var i = 0; i < count; i++)
            {
                // Most in a dense patch, a few scattered far apart so that their lists are short.
                var far = i % 10 == 9;
                var x = far ? x0 + random.Next(0, 2000) : x0 + random.Next(0, 300);
                var y = far ? y0 + random.Next(0, 2000) : y0 + random.Next(0, 300);
                minutiae.Add(new Minutia((short)Math.Min(x, short.MaxValue), (short)Math.Min(y, short.MaxValue),
                    (byte)random.Next(256), (MinutiaType)random.Next(3), (byte)random.Next(101)));
            }

            return FingerprintTemplate.FromMinutiae(minutiae, 32767, 32767, 70);
        }

        var templates = new[]
        {
            Print(Parameters.MaxMinutiae, 30400, 30400),
            Print(79, 16250, 16250),
            Print(64, 0, 0),
            Print(63, 8100, 4000),
            Print(41, 12000, 200),
            Print(32, 500, 500),
            Print(31, 16300, 900),
            Print(3, 100, 100),
        };
        var probes = templates.Select(t =>
            FingerprintTemplate.FromMinutiae(
                t.Minutiae.Select(m => m with { X = (short)Math.Max(0, m.X - 1), Angle = (byte)(m.Angle + 1) }),
                t.Width, t.Height, t.Quality)).ToList();
        using var gallery = new FingerprintGallery();
        for (var p = 0; p < templates.Length; p++)
        {
            gallery.Add(p, new Dictionary<FingerPosition, FingerprintTemplate> { [FingerPosition.Unknown] = templates[p] });
        }

        for (var round = 0; round < 2; round++)
        {
            foreach (var probe in probes)
            {
                var matcher = new FingerprintMatcher(probe);
                var found = gallery.Search(new Dictionary<FingerPosition, FingerprintTemplate> { [FingerPosition.Unknown] = probe }, 10, 0);
                Assert.Equal(templates.Length, found.Count);
                Assert.All(found, c => Assert.Equal(matcher.Match(templates[(int)c.PersonId]), c.Score));
            }
        }
    }

    [Fact]
    public void Two_finger_probes_fuse_the_sum_of_their_scores_corrected_for_two_fingers()
    {
        var generator = new SyntheticFingers(11);
        var thumb = generator.Finger();
        var index = generator.Finger();
        using var gallery = new FingerprintGallery();
        for (var p = 100; p < 400; p++)
        {
            var other = new SyntheticFingers(p);
            gallery.Add(p, new Dictionary<FingerPosition, FingerprintTemplate>
            {
                [FingerPosition.RightThumb] = SyntheticFingers.Template(other.Finger()),
                [FingerPosition.RightIndex] = SyntheticFingers.Template(other.Finger()),
            });
        }

        gallery.Add(7, new Dictionary<FingerPosition, FingerprintTemplate>
        {
            [FingerPosition.RightThumb] = SyntheticFingers.Template(generator.Impression(thumb)),
            [FingerPosition.RightIndex] = SyntheticFingers.Template(generator.Impression(index)),
        });
        var probe = new Dictionary<FingerPosition, FingerprintTemplate>
        {
            [FingerPosition.RightThumb] = SyntheticFingers.Template(generator.Impression(thumb)),
            [FingerPosition.RightIndex] = SyntheticFingers.Template(generator.Impression(index)),
        };
        var best = gallery.Search(probe, 3)[0];
        Assert.Equal(7, best.PersonId);
        var sum = best.FingerScores.Values.Sum();

        // The Erlang tail of two calibrated scores: e^(−λS)(1 + λS) with λ = ln 10 / 10.
        var expected = sum - (10 * Math.Log10(1 + (sum * Math.Log(10) / 10)));
        Assert.Equal(expected, best.Score, 6);
        Assert.True(best.Score < sum);
    }

    [Theory]
    [InlineData(40.0, 1, 40.0)]
    [InlineData(0.0, 2, 0.0)]
    [InlineData(20.0, 2, 12.5)]
    [InlineData(40.0, 2, 29.9)]
    [InlineData(60.0, 3, 39.6)]
    public void Fusion_reads_like_one_fingers_score(double sum, int fingers, double expected) =>
        Assert.Equal(expected, Ektp.Biometrics.Engine.Matching.Calibration.Fuse(sum, fingers), 1);

    [Fact]
    public void Concurrent_searches_and_inserts_are_safe()
    {
        using var gallery = SampleGallery();
        var probe = Fingers("DB1_B", "101_5.png");
        var extra = TestData.SampleTemplate("DB3_B", "102_1.png");
        Parallel.For(0, 200, i =>
        {
            if (i % 4 == 0)
            {
                gallery.Add(1000 + i, new Dictionary<FingerPosition, FingerprintTemplate> { [FingerPosition.RightIndex] = extra });
            }
            else
            {
                Assert.Equal(1, gallery.Search(probe, 1, 0)[0].PersonId);
            }
        });
        Assert.Equal(54, gallery.PersonCount);
    }
}
