namespace Ektp.Core.Text;

/// <summary>
/// Reads a stream as physical lines of raw bytes (without the line break), so that each line can be decoded, and its
/// bad encoding reported, on its own. Lines longer than the limit are cut off and flagged.
/// </summary>
internal sealed class Utf8LineReader
{
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public Utf8LineReader(Stream stream, int maxLineBytes, int bufferSize = 1 << 16)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = new byte[Math.Max(bufferSize, maxLineBytes + 2)];
    }

    /// <summary>
    /// Reads the next line into <paramref name="line"/>; false at the end of the stream. <paramref name="tooLong"/>
    /// says the line exceeded the limit (its bytes were dropped).
    /// </summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line, out bool tooLong)
    {
        tooLong = false;
        var scanned = 0;
        while (true)
        {
            var window = _buffer.AsSpan(_start + scanned, _end - _start - scanned);
            var newline = window.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                line = TrimCarriageReturn(new ReadOnlyMemory<byte>(_buffer, _start, length));
                _start += length + 1;
                tooLong |= length > _maxLineBytes;
                if (tooLong)
                {
                    line = ReadOnlyMemory<byte>.Empty;
                }

                return true;
            }

            scanned = _end - _start;
            if (scanned > _maxLineBytes)
            {
                // Drop what we have of an over-long line and keep looking for its end.
                tooLong = true;
                _start = _end;
                scanned = 0;
            }

            if (_eof)
            {
                if (_end == _start && !tooLong)
                {
                    line = ReadOnlyMemory<byte>.Empty;
                    return false;
                }

                line = tooLong
                    ? ReadOnlyMemory<byte>.Empty
                    : TrimCarriageReturn(new ReadOnlyMemory<byte>(_buffer, _start, _end - _start));
                _start = _end;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
