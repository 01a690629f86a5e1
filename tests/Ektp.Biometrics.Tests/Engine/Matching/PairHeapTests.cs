using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics.Tests.Engine.Matching;

public class PairHeapTests
{
    [Fact]
    public void Pops_pairs_cheapest_first()
    {
        var heap = new PairHeap(16);
        heap.Push(3, 1, 1);
        heap.Push(1, 2, 2);
        heap.Push(2, 3, 3);
        Assert.True(heap.TryPop(out var p, out _));
        Assert.Equal(2, p);
        Assert.True(heap.TryPop(out p, out _));
        Assert.Equal(3, p);
        Assert.True(heap.TryPop(out p, out var c));
        Assert.Equal((1, 1), (p, c));
        Assert.False(heap.TryPop(out _, out _));
    }
}
