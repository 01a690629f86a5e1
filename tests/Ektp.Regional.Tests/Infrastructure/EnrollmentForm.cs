using System.Net.Http.Headers;

namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>Builds the multipart body of `POST /api/enrollments` the way a capture client sends it.</summary>
public sealed class EnrollmentForm
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Content, string FileName, string ContentType)> _files = new(StringComparer.Ordinal);

    public static EnrollmentForm Complete(string nik)
    {
        var form = new EnrollmentForm()
            .Field("nik", nik).Field("location", "office").Field("operator", "op.dumai")
            .File("photo", TestImages.FacePhoto(), "photo.jpg", "image/jpeg")
            .File("signature", TestImages.Png(200, 80, 200), "signature.png", "image/png");
        for (var i = 1; i <= 10; i++)
        {
            form.File($"finger{i}", TestFingerprints.Image(i), $"f{i}.png", "image/png");
        }

        return form;
    }

    public EnrollmentForm Field(string name, string value)
    {
        _fields[name] = value;
        return this;
    }

    public EnrollmentForm Without(string name)
    {
        _fields.Remove(name);
        _files.Remove(name);
        return this;
    }

    public EnrollmentForm File(string name, byte[] content, string fileName = "image.png", string contentType = "image/png")
    {
        _files[name] = (content, fileName, contentType);
        return this;
    }

    public MultipartFormDataContent Build()
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in _fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, file) in _files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            content.Add(part, name, file.FileName);
        }

        return content;
    }
}
