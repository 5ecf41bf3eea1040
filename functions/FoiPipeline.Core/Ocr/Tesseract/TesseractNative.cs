using System.Runtime.InteropServices;

namespace FoiPipeline.Ocr.Tesseract;

/// <summary>
/// The parts of Tesseract's and Leptonica's C APIs the in-process engine uses. Bound to Debian 12's
/// sonames (libtesseract.so.5, liblept.so.5): the unversioned names exist only with the -dev packages.
/// </summary>
internal static partial class TesseractNative
{
    private const string Tesseract = "libtesseract.so.5";
    private const string Leptonica = "liblept.so.5";
    private const string LibC = "libc";

    /// <summary>Leptonica's L_SEVERITY_NONE: it would otherwise print every decoding complaint to stderr.</summary>
    public const int LeptonicaSilent = 6;

    [LibraryImport(Tesseract)]
    public static partial nint TessBaseAPICreate();

    [LibraryImport(Tesseract, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit3(nint handle, string? dataPath, string language);

    [LibraryImport(Tesseract, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial int TessBaseAPISetVariable(nint handle, string name, string value);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPISetPageSegMode(nint handle, int mode);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPISetImage2(nint handle, nint pix);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPISetSourceResolution(nint handle, int ppi);

    [LibraryImport(Tesseract)]
    public static partial int TessBaseAPIRecognize(nint handle, nint monitor);

    [LibraryImport(Tesseract)]
    public static partial nint TessBaseAPIGetTsvText(nint handle, int pageNumber);

    [LibraryImport(Tesseract)]
    public static partial void TessDeleteText(nint text);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPIClear(nint handle);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPIEnd(nint handle);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPIDelete(nint handle);

    [LibraryImport(Tesseract)]
    public static partial nint TessMonitorCreate();

    [LibraryImport(Tesseract)]
    public static partial void TessMonitorSetDeadlineMSecs(nint monitor, int deadline);

    [LibraryImport(Tesseract)]
    public static partial void TessMonitorDelete(nint monitor);

    [LibraryImport(Leptonica)]
    public static partial nint pixReadMem(ref byte data, nuint size);

    [LibraryImport(Leptonica)]
    public static partial nint pixReadMemTiff(ref byte data, nuint size, int page);

    [LibraryImport(Leptonica, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint pixRead(string path);

    [LibraryImport(Leptonica, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint pixReadTiff(string path, int page);

    [LibraryImport(Leptonica)]
    public static partial int pixGetXRes(nint pix);

    [LibraryImport(Leptonica)]
    public static partial void pixDestroy(ref nint pix);

    [LibraryImport(Leptonica)]
    public static partial int setMsgSeverity(int severity);

    /// <summary>
    /// setenv(3). Tesseract's OpenMP runtime reads OMP_THREAD_LIMIT with the C library's getenv when it
    /// loads; .NET's Environment.SetEnvironmentVariable does not reach that, so it must be set here first.
    /// </summary>
    [LibraryImport(LibC, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetEnv(string name, string value, int overwrite);
}
