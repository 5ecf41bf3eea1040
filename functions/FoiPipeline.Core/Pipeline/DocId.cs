using System.Security.Cryptography;

namespace FoiPipeline.Pipeline;

/// <summary>
/// A document's id: the lowercase hex SHA-256 of its bytes. The same letter dropped twice gets the same
/// id, so it becomes one request; the id is also a valid AI Search key and blob name.
/// </summary>
public static class DocId
{
    public const int Length = 64;

    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<string> OfAsync(Stream content, CancellationToken cancellationToken)
        => Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));

    public static bool IsValid(string? value)
        => value is { Length: Length } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
