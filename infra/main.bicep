// FoiPipeline in Azure, for `azd up`: a resource group holding the Flex Consumption Functions app and
// everything it calls, reached with the app's system-assigned identity only (no keys anywhere), App Service
// authentication with the reviewer roles, and optionally the mailbox Logic App. README.md, "Deploy to
// Azure", says what it costs and what to do after the first deployment.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource. Flex Consumption, Document Intelligence and AI Search must all be offered there.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person running azd (AZURE_PRINCIPAL_ID); used only with grantDeployerDataAccess.')
param principalId string = ''

@description('Give the deploying user the app\'s data roles too, to run `foi` against the cloud resources. Off by default.')
param grantDeployerDataAccess bool = false

@description('Resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('.NET version of the Functions isolated worker on Flex Consumption.')
param dotnetVersion string = '10.0'

@description('Flex Consumption instance memory (MB).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most Flex Consumption instances.')
param maximumInstanceCount int = 40

@description('Document Intelligence tier: S0 (pay per page) or F0 (free, 500 pages a month).')
@allowed([
  'F0'
  'S0'
])
param documentIntelligenceSku string = 'S0'

@description('AI Search tier; basic is the fixed monthly cost of the deployment.')
@allowed([
  'free'
  'basic'
  'standard'
  'standard2'
  'standard3'
])
param searchSku string = 'basic'

@description('How email reaches intake: none (a Power Automate flow, a scanner or `foi ingest` writes .eml files), graph (the app reads a shared mailbox through Microsoft Graph; grant it Mail.ReadWrite on that mailbox, README "Connecting a mailbox") or logic-app (a Logic App watching a shared mailbox).')
@allowed([
  'none'
  'graph'
  'logic-app'
])
param mailboxIntake string = 'none'

@description('The shared mailbox (its address) the app or the Logic App reads, when mailboxIntake is graph or logic-app.')
param mailboxAddress string = ''

@description('When the app reads the mailbox through Graph (NCRONTAB, six fields): every two minutes by default.')
param mailboxSchedule string = '0 */2 * * * *'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// One set of names for the storage account and the app settings, so the two cannot disagree.
var containers = {
  intake: 'intake'
  extracted: 'extracted'
  requests: 'requests'
  quarantine: 'quarantine'
  correspondence: 'correspondence'
}
var queues = {
  analyze: 'analyze'
  index: 'index'
}
var reviewContainer = 'reviews'
var deadLetterContainer = 'intake-deadletter'
var functionAppName = 'func-foi-${resourceToken}'
var deploymentContainer = 'app-package-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module storage 'storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    storageAccountName: 'stfoi${resourceToken}'
    location: location
    tags: tags
    containers: union(containers, {
      reviews: reviewContainer
      // The Graph mailbox connector's delta links (FoiPipeline__Mailbox__StateContainer, default mailbox-state).
      mailboxState: 'mailbox-state'
      deadLetters: deadLetterContainer
      deployment: deploymentContainer
    })
    queues: queues
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-foi-${resourceToken}'
    applicationInsightsName: 'appi-foi-${resourceToken}'
  }
}

module documentIntelligence 'core/document-intelligence.bicep' = {
  name: 'document-intelligence'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'di-foi-${resourceToken}'
    sku: documentIntelligenceSku
  }
}

module search 'core/search.bicep' = {
  name: 'search'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'srch-foi-${resourceToken}'
    sku: searchSku
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: 'plan-foi-${resourceToken}'
    dotnetVersion: dotnetVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    storageAccountName: storage.outputs.storageAccountName
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    deploymentContainer: deploymentContainer
    containers: containers
    queues: queues
    reviewContainer: reviewContainer
    documentIntelligenceEndpoint: documentIntelligence.outputs.endpoint
    searchEndpoint: search.outputs.endpoint
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    mailboxAddress: mailboxIntake == 'graph' ? mailboxAddress : ''
    mailboxSchedule: mailboxSchedule
  }
}

module appAccess 'app/access.bicep' = {
  name: 'app-access'
  scope: rg
  params: {
    principalId: functionApp.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storage.outputs.storageAccountName
    documentIntelligenceName: documentIntelligence.outputs.name
    searchServiceName: search.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module deployerAccess 'app/access.bicep' = if (grantDeployerDataAccess && !empty(principalId)) {
  name: 'deployer-access'
  scope: rg
  params: {
    principalId: principalId
    principalType: 'User'
    storageAccountName: storage.outputs.storageAccountName
    documentIntelligenceName: documentIntelligence.outputs.name
    searchServiceName: search.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    includeTelemetry: false
  }
}

module registration 'app/registration.bicep' = {
  name: 'registration'
  scope: rg
  params: {
    uniqueName: 'foipipeline-${environmentName}-${resourceToken}'
    displayName: 'FoiPipeline reviewers (${environmentName})'
    appHostName: functionApp.outputs.defaultHostName
  }
}

module authentication 'app/authentication.bicep' = {
  name: 'authentication'
  scope: rg
  params: {
    functionAppName: functionApp.outputs.name
    clientId: registration.outputs.clientId
  }
}

module intakeEvents 'app/intake-events.bicep' = {
  name: 'intake-events'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'evgt-foi-${resourceToken}'
    storageAccountName: storage.outputs.storageAccountName
    deadLetterContainer: deadLetterContainer
  }
}

module mailbox 'app/mailbox-logic-app.bicep' = if (mailboxIntake == 'logic-app') {
  name: 'mailbox-logic-app'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'logic-foi-mailbox-${resourceToken}'
    mailboxAddress: mailboxAddress
    storageAccountName: storage.outputs.storageAccountName
    intakeContainer: containers.intake
  }
}

// azd stores these in the environment (.azure/<env>/.env); the hooks and README use them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output REVIEWER_PAGE_URL string = 'https://${functionApp.outputs.defaultHostName}/.auth/login/aad?post_login_redirect_uri=/api/page/'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.storageAccountName
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobServiceUri
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueServiceUri
output INTAKE_CONTAINER string = containers.intake
output INTAKE_SYSTEM_TOPIC_NAME string = intakeEvents.outputs.name
output INTAKE_DEADLETTER_CONTAINER_ID string = intakeEvents.outputs.deadLetterContainerId
output AZURE_SEARCH_ENDPOINT string = search.outputs.endpoint
output DOCUMENT_INTELLIGENCE_ENDPOINT string = documentIntelligence.outputs.endpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AUTH_CLIENT_ID string = registration.outputs.clientId
output MAILBOX_LOGIC_APP_NAME string = mailboxIntake == 'logic-app' ? mailbox!.outputs.name : ''
output OFFICE365_CONNECTION_NAME string = mailboxIntake == 'logic-app' ? mailbox!.outputs.office365ConnectionName : ''
