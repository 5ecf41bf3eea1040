namespace FoiPipeline.Intake;

/// <summary>What a blob's bytes are, decided from the bytes themselves (magic numbers, MIME headers), never from its name.</summary>
public enum DocumentKind
{
    Empty,
    PlainText,
    Email,
    Html,
    Pdf,
    Png,
    Jpeg,
    Tiff,
    Gif,
    Bmp,

    /// <summary>A ZIP container: .docx, .xlsx, .odt and plain archives all start this way.</summary>
    Zip,

    /// <summary>An OLE compound file: legacy .doc/.xls or an Outlook .msg.</summary>
    OleCompound,
    Rtf,

    /// <summary>Binary content of no kind we recognise.</summary>
    Unknown,
}
