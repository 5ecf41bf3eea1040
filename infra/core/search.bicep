// Azure AI Search for the triage index. API keys are disabled, so only Entra ID (role-based) requests are
// accepted; the app creates and updates the index itself at start-up (Search Service Contributor).

param location string
param tags object = {}
param name string

@description('Pricing tier; basic is the smallest with an SLA and is the fixed monthly cost of a deployment.')
@allowed([
  'free'
  'basic'
  'standard'
  'standard2'
  'standard3'
])
param sku string = 'basic'

resource search 'Microsoft.Search/searchServices@2023-11-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    replicaCount: 1
    partitionCount: 1
    hostingMode: 'default'
    publicNetworkAccess: 'enabled'
    disableLocalAuth: true
  }
}

output name string = search.name
output endpoint string = 'https://${search.name}.search.windows.net'
