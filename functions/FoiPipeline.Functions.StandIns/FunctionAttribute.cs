// Stand-in for FunctionAttribute (Worker.Extensions.Abstractions/src/FunctionAttribute.cs, as recorded at fb11333 in azure-brief §1.1).
namespace Microsoft.Azure.Functions.Worker;

[AttributeUsage(AttributeTargets.Method)]
public class FunctionAttribute : Attribute
{
    public FunctionAttribute(string name)
    {
        Name = name;
    }

    public string Name { get; }
}
