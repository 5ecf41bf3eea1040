// The Event Grid system topic on the storage account. Its subscription to BlobCreated events in the intake
// container is created by the postdeploy hook (infra/hooks/postdeploy.*), not here: the subscription's
// endpoint is the blob trigger's webhook, whose URL must carry the host's blobs_extension system key, and
// that key exists only once the code is deployed (functions-event-grid-blob-trigger.md; azure-brief §1.6).
// Reading the key in Bicep would also mean listKeys, which this template never uses.
//
// Events Event Grid cannot deliver within its retry window (the app down for a day, the key rotated without
// re-running the hook) are dead-lettered into a container with the topic's own identity rather than dropped,
// so a letter whose event was lost can still be found and uploaded again.

param location string
param tags object = {}
param name string
param storageAccountName string

@description('Container for undeliverable intake events; created by storage.bicep.')
param deadLetterContainer string

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource deadLetters 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: deadLetterContainer
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// The topic writes dead letters with its identity, into that one container only.
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetters.id, systemTopic.id, storageBlobDataContributor)
  scope: deadLetters
  properties: {
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

output name string = systemTopic.name
output deadLetterContainerId string = deadLetters.id
