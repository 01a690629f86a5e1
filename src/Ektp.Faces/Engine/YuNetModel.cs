using System.Globalization;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;

namespace Ektp.Faces.Engine;

/// <summary>
/// The YuNet 2023mar face detector (OpenCV Zoo, MIT) run by ONNX Runtime. The model is embedded in this assembly
/// and checked against its published SHA-256 before it is loaded. Its input and outputs are read from the model's
/// metadata, not assumed: one image input (NCHW, BGR, 0–255) and, per stride s, the outputs cls_s, obj_s, bbox_s
/// and kps_s with one row per grid cell.
/// </summary>
internal sealed class YuNetModel : IDisposable
{
    public const string ResourceName = "Ektp.Faces.face_detection_yunet_2023mar.onnx";

    /// <summary>SHA-256 of opencv_zoo's face_detection_yunet_2023mar.onnx (data/faces/models/README.md).</summary>
    public const string Sha256 = "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4";

    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    public YuNetModel(int threads)
    {
        var model = LoadEmbedded();
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, threads),
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _session = new InferenceSession(model, options);
        try
        {
            (InputName, InputWidth, InputHeight) = ReadInput(_session);
            Strides = ReadStrides(_session, InputWidth, InputHeight);
            _outputNames = [.. Strides.SelectMany(s => Heads.Select(head => Name(head, s)))];
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public string InputName { get; }

    public int InputWidth { get; }

    public int InputHeight { get; }

    /// <summary>The strides of the model's output levels, ascending (8, 16, 32 for YuNet 2023mar).</summary>
    public IReadOnlyList<int> Strides { get; }

    private static readonly string[] Heads = ["cls", "obj", "bbox", "kps"];

    /// <summary>Runs the model on a prepared input (planar BGR floats) and decodes every cell scoring at least
    /// <paramref name="threshold"/>, in input pixel coordinates.</summary>
    public List<DetectedFace> Run(float[] input, float threshold)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, InputHeight, InputWidth]);
        using var run = new RunOptions();
        using var outputs = _session.Run(run, [InputName], [tensor], _outputNames);
        var found = new List<DetectedFace>();
        for (var level = 0; level < Strides.Count; level++)
        {
            var i = level * Heads.Length;
            YuNetDecoder.Decode(Strides[level], InputWidth / Strides[level], InputHeight / Strides[level],
                outputs[i].GetTensorDataAsSpan<float>(), outputs[i + 1].GetTensorDataAsSpan<float>(),
                outputs[i + 2].GetTensorDataAsSpan<float>(), outputs[i + 3].GetTensorDataAsSpan<float>(),
                threshold, found);
        }

        return found;
    }

    public void Dispose() => _session.Dispose();

    private static byte[] LoadEmbedded()
    {
        using var stream = typeof(YuNetModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The face model {ResourceName} is not embedded in Ektp.Faces.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return hash == Sha256
            ? bytes
            : throw new InvalidOperationException(
                $"The embedded face model has SHA-256 {hash}, not the published {Sha256}; it was altered.");
    }

    private static (string Name, int Width, int Height) ReadInput(InferenceSession session)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw Unexpected($"{session.InputMetadata.Count} inputs");
        }

        var (name, meta) = session.InputMetadata.Single();
        var dims = meta.Dimensions;
        if (meta.ElementType != typeof(float) || dims.Length != 4 || dims[1] != 3 || dims[2] <= 0 || dims[3] <= 0)
        {
            throw Unexpected($"input {name} of {meta.ElementType.Name} [{string.Join(',', dims)}]");
        }

        return (name, dims[3], dims[2]);
    }

    private static List<int> ReadStrides(InferenceSession session, int width, int height)
    {
        var strides = new List<int>();
        foreach (var name in session.OutputMetadata.Keys.Where(n => n.StartsWith("cls_", StringComparison.Ordinal)))
        {
            if (!int.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var stride) ||
                stride <= 0 || width % stride != 0 || height % stride != 0)
            {
                throw Unexpected($"output {name}");
            }

            strides.Add(stride);
        }

        if (strides.Count == 0)
        {
            throw Unexpected("no cls_<stride> output");
        }

        strides.Sort();
        foreach (var stride in strides)
        {
            var cells = width / stride * (height / stride);
            foreach (var (head, columns) in new[] { ("cls", 1), ("obj", 1), ("bbox", 4), ("kps", 10) })
            {
                if (!session.OutputMetadata.TryGetValue(Name(head, stride), out var meta))
                {
                    throw Unexpected($"no output {Name(head, stride)}");
                }

                // [1, cells, columns]; a dynamic dimension (-1) is accepted and checked at run time by the decoder.
                var dims = meta.Dimensions;
                if (meta.ElementType != typeof(float) || dims.Length != 3 ||
                    (dims[1] > 0 && dims[1] != cells) || dims[2] != columns)
                {
                    throw Unexpected($"output {Name(head, stride)} [{string.Join(',', dims)}]");
                }
            }
        }

        return strides;
    }

    private static string Name(string head, int stride) =>
        string.Create(CultureInfo.InvariantCulture, $"{head}_{stride}");

    private static InvalidOperationException Unexpected(string what) =>
        new($"The embedded face model is not shaped like YuNet 2023mar: {what}.");
}
