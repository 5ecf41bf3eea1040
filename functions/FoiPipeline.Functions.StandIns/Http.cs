using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// Stand-ins for Microsoft.Azure.Functions.Worker.Extensions.Http 3.3.0.
// Checked against Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Http/src/HttpTriggerAttribute.cs
// (the four constructors, Route, Methods, AuthLevel) and the AuthorizationLevel values recorded at fb11333 in the
// team's azure-brief §1.1. As in the real source, the (params string[] methods) constructor leaves AuthLevel at
// its default (Anonymous), so FoiPipeline always passes the level explicitly.
namespace Microsoft.Azure.Functions.Worker;

public enum AuthorizationLevel
{
    Anonymous = 0,
    User = 1,
    Function = 2,
    System = 3,
    Admin = 4,
}

public sealed class HttpTriggerAttribute : TriggerBindingAttribute
{
    public HttpTriggerAttribute()
    {
        AuthLevel = AuthorizationLevel.Function;
    }

    public HttpTriggerAttribute(params string[] methods)
    {
        Methods = methods;
    }

    public HttpTriggerAttribute(AuthorizationLevel authLevel)
    {
        AuthLevel = authLevel;
    }

    public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
    {
        AuthLevel = authLevel;
        Methods = methods;
    }

    public string? Route { get; set; }

    public string[]? Methods { get; private set; }

    public AuthorizationLevel AuthLevel { get; private set; }
}
