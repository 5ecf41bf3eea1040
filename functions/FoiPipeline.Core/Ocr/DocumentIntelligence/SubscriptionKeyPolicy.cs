using Azure.Core;
using Azure.Core.Pipeline;

namespace FoiPipeline.Ocr.DocumentIntelligence;

/// <summary>
/// Sends the resource's API key in <c>Ocp-Apim-Subscription-Key</c>. Azure.Core's own key policy is internal,
/// and this header is all Document Intelligence needs.
/// </summary>
internal sealed class SubscriptionKeyPolicy : HttpPipelineSynchronousPolicy
{
    public const string HeaderName = "Ocp-Apim-Subscription-Key";

    private readonly string _key;

    public SubscriptionKeyPolicy(string key)
    {
        _key = key;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue(HeaderName, _key);
    }
}
