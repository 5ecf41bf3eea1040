using FoiPipeline.Triage;
using FoiPipeline.UnitTests.Triage;

namespace FoiPipeline.IntegrationTests.Triage;

/// <summary>The shared triage index contract on <see cref="AzureSearchTriageIndex"/>, against the loopback fake of the service.</summary>
public sealed class AzureSearchTriageIndexContractTests(FakeAzureSearchFixture fake) : TriageIndexContract, IClassFixture<FakeAzureSearchFixture>
{
    protected override Task<ITriageIndex> CreateIndexAsync() => Task.FromResult<ITriageIndex>(fake.Index(fake.Options()));

    // The fake's indexes go with the fake when the class's tests are done.
    protected override Task DeleteIndexAsync(ITriageIndex index) => Task.CompletedTask;
}
