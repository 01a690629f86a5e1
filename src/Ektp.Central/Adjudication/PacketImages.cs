using System.Security;
using System.Text;
using SkiaSharp;

namespace Ektp.Central.Adjudication;

/// <summary>
/// The images of a stored packet as a browser may see them: the real format sniffed from the bytes (never the name
/// or the manifest), a full decode to catch a damaged file, and a placeholder when there is nothing to show.
/// </summary>
internal static class PacketImages
{
    private const int MaxSide = 8000;
    private const long MaxPixels = 25_000_000;

    /// <summary>Size and browser content type of a decodable image; null when the bytes are not one (or broken).</summary>
    public static ImageInfo? Inspect(byte[]? content)
    {
        if (content is not { Length: >= 8 })
        {
            return null;
        }

        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || codec.Info.Width > MaxSide ||
            codec.Info.Height > MaxSide || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }

        // Decode for real: a truncated file has a valid header but fails here.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            return null;
        }

        var type = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Png => "image/png",
            SKEncodedImageFormat.Jpeg => "image/jpeg",
            SKEncodedImageFormat.Bmp => "image/bmp",
            SKEncodedImageFormat.Webp => "image/webp",
            SKEncodedImageFormat.Gif => "image/gif",
            _ => null, // decodable here but not by every browser: served re-encoded as PNG
        };
        return new ImageInfo(codec.Info.Width, codec.Info.Height, type);
    }

    /// <summary>The bytes to send and their content type; null when the image cannot be shown.</summary>
    public static (byte[] Bytes, string ContentType)? ForBrowser(byte[]? content)
    {
        var info = Inspect(content);
        if (info is null)
        {
            return null;
        }

        if (info.ContentType is { } type)
        {
            return (content!, type);
        }

        using var bitmap = SKBitmap.Decode(content);
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return (png.ToArray(), "image/png");
    }

    /// <summary>A grey box with a short text (SVG), shown where an image is missing or damaged.</summary>
    public static byte[] Placeholder(string text, int width = 240, int height = 300)
    {
        var escaped = SecurityElement.Escape(text);
        return Encoding.UTF8.GetBytes(
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" " +
            $"viewBox=\"0 0 {width} {height}\"><rect x=\"1\" y=\"1\" width=\"{width - 2}\" height=\"{height - 2}\" " +
            "fill=\"#eceff3\" stroke=\"#9aa3ad\" stroke-dasharray=\"6 4\"/>" +
            "<text x=\"50%\" y=\"50%\" text-anchor=\"middle\" dominant-baseline=\"middle\" " +
            $"font-family=\"sans-serif\" font-size=\"14\" fill=\"#5a6472\">{escaped}</text></svg>");
    }

    /// <summary>The entry of the first part whose name starts with <paramref name="prefix"/> (e.g. <c>photo.</c>).</summary>
    public static string? FindPart(IEnumerable<string> names, string prefix) =>
        names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .FirstOrDefault();
}

/// <param name="ContentType">What a browser is sent; null when it must be re-encoded as PNG first.</param>
internal sealed record ImageInfo(int Width, int Height, string? ContentType);
