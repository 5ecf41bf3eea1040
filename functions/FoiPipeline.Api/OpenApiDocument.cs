using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.Api;

/// <summary>The reviewer API's OpenAPI 3.0 document (<c>openapi.json</c>, embedded), served at <c>/api/openapi.json</c> without sign-in.</summary>
public static class OpenApiDocument
{
    public const string ResourceName = "FoiPipeline.Api.openapi.json";

    private static readonly Lazy<byte[]> Content = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded OpenAPI document {ResourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static ReadOnlyMemory<byte> Json => Content.Value;

    public static IResult Result() => Results.Bytes(Content.Value, "application/json");
}
