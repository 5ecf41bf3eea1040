// Stand-ins for Microsoft.Azure.Functions.Worker.Extensions.Abstractions 1.3.0.
// Checked against Azure/azure-functions-dotnet-worker, extensions/Worker.Extensions.Abstractions/src/
// (BindingAttribute.cs at 0731f01; BindingPropertyNameAttribute.cs at f30e001; the trigger, input and
// output bases as recorded at fb11333 in the team's azure-brief §1.1).
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

[AttributeUsage(AttributeTargets.Method)]
public abstract class BindingAttribute : Attribute
{
    public BindingAttribute()
    {
    }
}

[AttributeUsage(AttributeTargets.Parameter)]
public abstract class TriggerBindingAttribute : BindingAttribute
{
}

[AttributeUsage(AttributeTargets.Parameter)]
public abstract class InputBindingAttribute : BindingAttribute
{
}

[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property)]
public abstract class OutputBindingAttribute : BindingAttribute
{
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class BindingPropertyNameAttribute : Attribute
{
    public BindingPropertyNameAttribute(string bindingPropertyName)
    {
        BindingPropertyName = bindingPropertyName ?? throw new ArgumentNullException(nameof(bindingPropertyName));
    }

    public string BindingPropertyName { get; }
}
