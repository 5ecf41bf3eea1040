// Stand-ins for the worker's function-level retry attributes (Microsoft.Azure.Functions.Worker.Extensions.Abstractions),
// as recorded in azure-brief §1.1 (Azure/azure-functions-dotnet-worker at fb11333). The host honours them only for
// triggers that declare the FunctionLevelRetry capability: Timer, Event Hubs, Kafka and Cosmos DB.
namespace Microsoft.Azure.Functions.Worker;

[AttributeUsage(AttributeTargets.Method)]
public abstract class RetryAttribute : Attribute
{
    public int MaxRetryCount { get; set; }
}

public sealed class FixedDelayRetryAttribute : RetryAttribute
{
    public FixedDelayRetryAttribute(int maxRetryCount, string delayInterval)
    {
        MaxRetryCount = maxRetryCount;
        DelayInterval = delayInterval;
    }

    /// <summary>The wait between tries, as a TimeSpan string ("00:01:00").</summary>
    public string DelayInterval { get; }
}
