using Ektp.Biometrics.Engine.Imaging;

namespace Ektp.Biometrics.Tests.Engine.Imaging;

public class TiffDecoderTests
{
    [Fact]
    public void Recognises_both_byte_orders()
    {
        Assert.True(TiffDecoder.IsTiff("II*\0"u8));
        Assert.True(TiffDecoder.IsTiff("MM\0*"u8));
        Assert.False(TiffDecoder.IsTiff("II\0*"u8));
    }

    [Fact]
    public void Directory_offset_outside_the_file_is_truncation()
    {
        var bytes = new byte[] { (byte)'I', (byte)'I', 42, 0, 0xFF, 0xFF, 0, 0 };
        Assert.Equal("image-truncated", Assert.Throws<FingerprintImageException>(() => TiffDecoder.Decode(bytes, 500)).Code);
    }
}
