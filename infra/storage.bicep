// The pipeline's storage: one account holding every stage's container and queue (with its poison
// twin), reachable only with Entra ID (shared keys off), with soft delete so that a letter deleted by
// mistake can still be recovered for 30 days. The names must match the app settings
// FoiPipeline__Containers__* and FoiPipeline__Queues__* (see README.md, "Configuration").

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param storageAccountName string

param location string = resourceGroup().location

param tags object = {}

@description('Blob containers: one per stage output, plus those the deployment adds (main.bicep: reviews, intake-deadletter, the deployment package).')
param containers object = {
  intake: 'intake'
  extracted: 'extracted'
  requests: 'requests'
  quarantine: 'quarantine'
  correspondence: 'correspondence'
}

@description('Queues between stages; each also gets a {name}-poison queue.')
param queues object = {
  analyze: 'analyze'
  index: 'index'
}

@description('Days a deleted blob or container can still be restored.')
@minValue(1)
@maxValue(365)
param softDeleteDays int = 30

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

resource stageContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in items(containers): {
  parent: blobService
  name: container.value
  properties: {
    publicAccess: 'None'
  }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource stageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in flatten(map(items(queues), q => [q.value, '${q.value}-poison'])): {
  parent: queueService
  name: queue
}]

output storageAccountId string = storage.id
output storageAccountName string = storage.name
output blobServiceUri string = storage.properties.primaryEndpoints.blob
output queueServiceUri string = storage.properties.primaryEndpoints.queue
