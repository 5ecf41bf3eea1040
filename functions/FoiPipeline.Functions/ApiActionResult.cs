using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FoiPipeline.Functions;

/// <summary>
/// Hands a reviewer API answer (an <see cref="IResult"/>, what the shared handlers return) to the Functions
/// host's ASP.NET Core integration, which executes <see cref="IActionResult"/>s. The answer writes itself,
/// so status, headers (ETag, WWW-Authenticate) and body are byte-for-byte what the local host sends.
/// </summary>
public sealed class ApiActionResult : IActionResult
{
    public ApiActionResult(IResult result) => Result = result;

    public IResult Result { get; }

    public Task ExecuteResultAsync(ActionContext context) => Result.ExecuteAsync(context.HttpContext);
}
