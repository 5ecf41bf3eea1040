// Azure AI Document Intelligence for OCR of scans. Keys are disabled: the app signs in with its managed
// identity, which needs the custom subdomain (Entra ID tokens are not accepted on the regional endpoint).

param location string
param tags object = {}
param name string

@description('S0 (pay per page, 15 analyze requests/s) or F0 (free, 500 pages a month, 1 request/s).')
@allowed([
  'F0'
  'S0'
])
param sku string = 'S0'

resource documentIntelligence 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'FormRecognizer'
  sku: {
    name: sku
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = documentIntelligence.name
output endpoint string = documentIntelligence.properties.endpoint
