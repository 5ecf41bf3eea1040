using System.Buffers;
using System.Globalization;
using System.Text;

namespace FoiPipeline.TestFixtures;

/// <summary>
/// Writes a PDF 1.4 file object by object and finishes it with a cross-reference table whose byte
/// offsets are the real ones, so strict readers (poppler, qpdf) open it without repairing it.
/// Object numbers are reserved first and written later, so pages can point at their parent.
/// </summary>
internal sealed class PdfObjectWriter
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly List<long> _offsets = [0];

    public PdfObjectWriter()
    {
        // The binary comment tells transfer tools the file is not plain text.
        Write("%PDF-1.4\n%\u00E2\u00E3\u00CF\u00D3\n");
    }

    /// <summary>Allocates the next object number; the object must be written before <see cref="Finish"/>.</summary>
    public int Reserve()
    {
        _offsets.Add(-1);
        return _offsets.Count - 1;
    }

    public void WriteObject(int number, string body)
    {
        BeginObject(number);
        Write(body);
        Write("\nendobj\n");
    }

    /// <param name="number">A reserved object number.</param>
    /// <param name="dictionaryEntries">Entries for the stream dictionary other than /Length, e.g. "/Filter /FlateDecode".</param>
    /// <param name="data">The stream's bytes, already encoded with any filter named.</param>
    public void WriteStream(int number, string dictionaryEntries, ReadOnlySpan<byte> data)
    {
        BeginObject(number);
        var separator = dictionaryEntries.Length == 0 ? string.Empty : " ";
        Write(string.Create(CultureInfo.InvariantCulture, $"<< /Length {data.Length}{separator}{dictionaryEntries} >>\nstream\n"));
        _output.Write(data);
        Write("\nendstream\nendobj\n");
    }

    /// <summary>Writes the cross-reference table and trailer and returns the whole file.</summary>
    public byte[] Finish(int catalog, int? info = null)
    {
        var unwritten = _offsets.FindIndex(1, offset => offset < 0);
        if (unwritten > 0)
        {
            throw new InvalidOperationException($"Object {unwritten} was reserved but never written.");
        }

        var xref = _output.WrittenCount;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {_offsets.Count}\n");

        // Each entry is exactly 20 bytes, ending in space + line feed.
        table.Append("0000000000 65535 f \n");
        for (var number = 1; number < _offsets.Count; number++)
        {
            table.Append(CultureInfo.InvariantCulture, $"{_offsets[number]:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {_offsets.Count} /Root {catalog} 0 R");
        if (info is { } infoNumber)
        {
            table.Append(CultureInfo.InvariantCulture, $" /Info {infoNumber} 0 R");
        }

        table.Append(CultureInfo.InvariantCulture, $" >>\nstartxref\n{xref}\n%%EOF\n");
        Write(table.ToString());
        return _output.WrittenSpan.ToArray();
    }

    private void BeginObject(int number)
    {
        if (number <= 0 || number >= _offsets.Count || _offsets[number] >= 0)
        {
            throw new InvalidOperationException($"Object {number} is not a reserved, unwritten object.");
        }

        _offsets[number] = _output.WrittenCount;
        Write(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n"));
    }

    private void Write(string text) => _output.Write(Encoding.Latin1.GetBytes(text));
}
