using Ektp.Core.Lifecycle;

namespace Ektp.Core.Tests.Lifecycle;

public class RecordLifecycleTests
{
    public static TheoryData<RecordStatus, RecordStatus> Allowed => new()
    {
        { RecordStatus.Unregistered, RecordStatus.BioCaptured },
        { RecordStatus.BioCaptured, RecordStatus.Processing },
        { RecordStatus.Processing, RecordStatus.SentForEnrollment },
        { RecordStatus.Processing, RecordStatus.BioCaptured },
        { RecordStatus.SentForEnrollment, RecordStatus.ReceivedAtCentral },
        { RecordStatus.ReceivedAtCentral, RecordStatus.PrintReadyRecord },
        { RecordStatus.ReceivedAtCentral, RecordStatus.DuplicateRecord },
        { RecordStatus.ReceivedAtCentral, RecordStatus.EnrollFailureAtCentral },
        { RecordStatus.DuplicateRecord, RecordStatus.AdjudicateRecord },
        { RecordStatus.AdjudicateRecord, RecordStatus.PrintReadyRecord },
        { RecordStatus.AdjudicateRecord, RecordStatus.DuplicateRecord },
        { RecordStatus.EnrollFailureAtCentral, RecordStatus.BioCaptured },
        { RecordStatus.PrintReadyRecord, RecordStatus.Printed },
        { RecordStatus.Printed, RecordStatus.Delivered },
        { RecordStatus.Printed, RecordStatus.PrintReadyRecord },
        { RecordStatus.Delivered, RecordStatus.PrintReadyRecord },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Documented_moves_are_allowed(RecordStatus from, RecordStatus to)
    {
        Assert.True(RecordLifecycle.CanMove(from, to));
        Assert.Contains(to, RecordLifecycle.Next(from));
    }

    [Fact]
    public void Every_other_move_is_refused()
    {
        var allowed = Allowed.Select(row => ((RecordStatus)row[0], (RecordStatus)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<RecordStatus>())
        {
            foreach (var to in Enum.GetValues<RecordStatus>())
            {
                Assert.Equal(allowed.Contains((from, to)), RecordLifecycle.CanMove(from, to));
            }
        }
    }

    [Theory]
    [InlineData(RecordStatus.Unregistered, RecordStatus.Printed)]
    [InlineData(RecordStatus.DuplicateRecord, RecordStatus.PrintReadyRecord)]
    [InlineData(RecordStatus.ReceivedAtCentral, RecordStatus.Printed)]
    [InlineData(RecordStatus.Delivered, RecordStatus.Unregistered)]
    [InlineData(RecordStatus.BioCaptured, RecordStatus.BioCaptured)]
    public void Shortcuts_and_moves_back_to_unregistered_are_refused(RecordStatus from, RecordStatus to)
    {
        Assert.False(RecordLifecycle.CanMove(from, to));
    }

    [Fact]
    public void Every_status_has_the_office_code_and_parses_back()
    {
        Assert.Equal("BIO_CAPTURED", RecordLifecycle.Code(RecordStatus.BioCaptured));
        Assert.Equal("ENROLL_FAILURE_AT_CENTRAL", RecordLifecycle.Code(RecordStatus.EnrollFailureAtCentral));
        Assert.All(Enum.GetValues<RecordStatus>(), status =>
        {
            Assert.Matches("^[A-Z_]+$", RecordLifecycle.Code(status));
            Assert.True(RecordLifecycle.TryParse(RecordLifecycle.Code(status), out var back));
            Assert.Equal(status, back);
        });
        Assert.True(RecordLifecycle.TryParse(" print_ready_record ", out var lower));
        Assert.Equal(RecordStatus.PrintReadyRecord, lower);
        Assert.False(RecordLifecycle.TryParse("LOST", out _));
        Assert.False(RecordLifecycle.TryParse(null, out _));
    }

    [Fact]
    public void Every_status_is_described_in_Indonesian_and_English()
    {
        Assert.All(Enum.GetValues<RecordStatus>(), status =>
        {
            Assert.NotEmpty(RecordLifecycle.DescriptionIndonesian(status));
            Assert.NotEmpty(RecordLifecycle.DescriptionEnglish(status));
            Assert.NotEqual(RecordLifecycle.DescriptionIndonesian(status), RecordLifecycle.DescriptionEnglish(status));
        });
    }

    [Fact]
    public void Every_status_is_reachable_from_unregistered()
    {
        var seen = new HashSet<RecordStatus> { RecordStatus.Unregistered };
        var queue = new Queue<RecordStatus>(seen);
        while (queue.TryDequeue(out var status))
        {
            foreach (var next in RecordLifecycle.Next(status).Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }

        Assert.Equal(Enum.GetValues<RecordStatus>().Length, seen.Count);
    }

    [Fact]
    public void Only_unregistered_counts_as_not_recorded()
    {
        Assert.False(RecordLifecycle.IsRecorded(RecordStatus.Unregistered));
        Assert.True(RecordLifecycle.IsRecorded(RecordStatus.EnrollFailureAtCentral));
    }
}
