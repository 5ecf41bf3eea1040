using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using FoiPipeline.Functions;
using FoiPipeline.IntegrationTests.Ocr;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake.SharedMailbox;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.IntegrationTests.SharedMailbox;

/// <summary>The Functions app's mailbox timer, called as the host would call it, with the services the app's Program wires up.</summary>
public sealed class MailboxFunctionTests
{
    [Fact]
    public async Task The_mailbox_function_does_nothing_when_no_mailbox_is_configured()
    {
        await using var storage = await TestPipeline.CreateAsync(startHost: false);
        await using var services = await FunctionsAppServices.StartAsync(storage);

        await ActivatorUtilities.CreateInstance<MailboxFunction>(services).RunAsync(new TimerInfo(), CancellationToken.None);

        Assert.False(services.GetRequiredService<MailboxConnector>().Enabled);
        Assert.False(await new BlobContainerClient(storage.ConnectionString, "mailbox-state").ExistsAsync());
        await foreach (var blob in storage.Intake.GetBlobsAsync())
        {
            Assert.Fail($"Nothing should be in intake, found {blob.Name}.");
        }
    }

    [Fact]
    public async Task The_mailbox_function_takes_mail_that_the_intake_function_then_ingests()
    {
        await using var graph = await FakeGraphMail.StartAsync();
        var mime = EmailFixtures.Request(Letters.Drones);
        var id = graph.Deliver(mime, MailboxConnectorTests.MessageId(mime));
        var thumbprint = LoopbackCertificate.Instance.Thumbprint;
        using var transport = new HttpClientTransport(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint });
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        await using var storage = await TestPipeline.CreateAsync(startHost: false, configuration: new Dictionary<string, string?>
        {
            ["FoiPipeline:Mailbox:Mailbox"] = graph.Mailbox,
            ["FoiPipeline:Mailbox:GraphBaseUrl"] = graph.GraphBaseUrl.AbsoluteUri,
            ["FoiPipeline:Mailbox:StateContainer"] = prefix + "-mailbox",
        });
        await using var services = await FunctionsAppServices.StartAsync(storage, after: added =>
        {
            // The managed identity's token, and a transport that trusts the fake: the app's own registrations otherwise.
            added.AddSingleton<TokenCredential>(new StaticTokenCredential(graph.Token));
            added.AddKeyedSingleton<HttpPipelineTransport>(MailboxConnector.TransportKey, transport);
        });

        try
        {
            await ActivatorUtilities.CreateInstance<MailboxFunction>(services).RunAsync(new TimerInfo(), CancellationToken.None);

            Assert.Equal(["FOI: taken"], graph.Categories(id));
            var name = Assert.Single(await ListAsync(storage.Intake));
            await ActivatorUtilities.CreateInstance<IntakeFunction>(services).RunAsync(storage.Intake.GetBlobClient(name), CancellationToken.None);
            var message = await storage.Queue(storage.Names.Queues.Analyze).ReceiveMessageAsync();
            var docId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(mime));
            Assert.Equal(StageMessage.For(storage.Names.Containers.Extracted, docId), StageMessage.Parse(message.Value.Body.ToString()));
        }
        finally
        {
            await new BlobContainerClient(storage.ConnectionString, prefix + "-mailbox").DeleteIfExistsAsync();
        }
    }

    private static async Task<List<string>> ListAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
