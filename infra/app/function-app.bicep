// The Functions app on a Flex Consumption (FC1) plan, Linux, .NET isolated worker, with a system-assigned
// identity that is its only credential: for its own storage (AzureWebJobsStorage__*), its deployment
// package, Document Intelligence, AI Search and Application Insights. No key or connection string with a
// key appears here; InfrastructureTests (tests/FoiPipeline.IntegrationTests/Infrastructure) checks that,
// and that every setting the app requires at start-up is provided below.

param location string
param tags object = {}
param name string
param planName string

@description('.NET version of the isolated worker runtime on Flex Consumption.')
param dotnetVersion string = '10.0'

@description('Memory per instance on Flex Consumption: 512, 2048 or 4096 MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to; bounds cost and the load on Document Intelligence.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

param storageAccountName string
param blobServiceUri string
param queueServiceUri string
param deploymentContainer string

@description('Container and queue names; the same object is given to storage.bicep so the two always agree.')
param containers object = {
  intake: 'intake'
  extracted: 'extracted'
  requests: 'requests'
  quarantine: 'quarantine'
  correspondence: 'correspondence'
}

param queues object = {
  analyze: 'analyze'
  index: 'index'
}

@description('Container of the blob review store (claims, decisions, audit), FoiPipeline__Review__Container.')
param reviewContainer string = 'reviews'

param documentIntelligenceEndpoint string
param searchEndpoint string

@description('Name of the triage index the app creates in the search service.')
param searchIndexName string = 'triage'

param applicationInsightsConnectionString string

@description('The deadline sweep timer\'s NCRONTAB schedule (FoiPipeline__Sweep__Schedule).')
param sweepSchedule string = '0 */15 * * * *'

@description('The shared mailbox the app reads through Microsoft Graph (FoiPipeline__Mailbox__Mailbox); empty leaves the connector off.')
param mailboxAddress string = ''

@description('The mailbox timer\'s NCRONTAB schedule. The timer binds it whether or not a mailbox is set, so it is always given.')
param mailboxSchedule string = '0 */2 * * * *'

// Every setting the app reads, in identity form. Names: FunctionsServiceCollectionExtensions.cs, the
// Core *Options.cs classes, README.md "Configuration". The trigger bindings resolve
// %FoiPipeline:Containers:Intake% and the queue names from these settings too, so they must be present
// even where the code has the same default.
var appSettings = {
  // The host's own storage and the pipeline's blobs and queues: one account, reached with the
  // system-assigned identity (no __clientId, which would name a user-assigned one).
  AzureWebJobsStorage__blobServiceUri: blobServiceUri
  AzureWebJobsStorage__queueServiceUri: queueServiceUri
  AzureWebJobsStorage__credential: 'managedidentity'

  // Telemetry sent with the app's Entra ID token; the component refuses the key alone.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'

  FoiPipeline__Containers__Intake: containers.intake
  FoiPipeline__Containers__Extracted: containers.extracted
  FoiPipeline__Containers__Requests: containers.requests
  FoiPipeline__Containers__Quarantine: containers.quarantine
  FoiPipeline__Queues__Analyze: queues.analyze
  FoiPipeline__Queues__Index: queues.index

  // Reviewer state of record: one blob per request with If-Match, because the instances' disks are not kept.
  FoiPipeline__Review__Store: 'blob'
  FoiPipeline__Review__Container: reviewContainer

  // Scans go to Document Intelligence with the app's identity (no FoiPipeline__Ocr__DocumentIntelligence__Key).
  FoiPipeline__Ocr__Engine: 'document-intelligence'
  FoiPipeline__Ocr__DocumentIntelligence__Endpoint: documentIntelligenceEndpoint

  // The triage index in AI Search, signed in with the app's identity (no FoiPipeline__Index__AzureSearch__ApiKey).
  FoiPipeline__Index__Kind: 'azure-search'
  FoiPipeline__Index__AzureSearch__Endpoint: searchEndpoint
  FoiPipeline__Index__AzureSearch__IndexName: searchIndexName

  // The deadline sweep and intake reconcile (README "Deadline flags and the sweep"): every 15 minutes. The timer
  // binds the setting, so it must be present even where the code has the same default.
  FoiPipeline__Sweep__Schedule: sweepSchedule

  // Replies linked to requests and mail held out of the queue (README "Auto-replies, bounces and replies").
  FoiPipeline__Containers__Correspondence: containers.correspondence

  // The mailbox connector (README "Connecting a mailbox"): off while the address is empty.
  FoiPipeline__Mailbox__Mailbox: mailboxAddress
  FoiPipeline__Mailbox__Schedule: mailboxSchedule

  // Reviewers are the principals App Service authentication (authentication.bicep) passes in X-MS-CLIENT-PRINCIPAL.
  FoiPipeline__Api__Authentication__Mode: 'app-service'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'functions'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      // The package azd uploads is kept in this container and read by the platform with the app's identity.
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobServiceUri}${deploymentContainer}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

// Publishing with basic (user name and password) credentials is off; azd deploys with Entra ID.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: appSettings
}

output name string = functionApp.name
output principalId string = functionApp.identity.principalId
output defaultHostName string = functionApp.properties.defaultHostName
output storageAccountName string = storageAccountName
