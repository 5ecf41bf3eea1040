// The Event Grid system topic on the storage account. Its subscription to BlobCreated events in the intake
// container is created by the postdeploy hook (infra/hooks/postdeploy.*), not here: the subscription's
// endpoint is the blob trigger's webhook, whose URL must carry the host's blobs_extension system key, and
// that key exists only once the code is deployed (functions-event-grid-blob-trigger.md; azure-brief §1.6).
// Reading the key in Bicep would also mean listKeys, which this template never uses.

param location string
param tags object = {}
param name string
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = systemTopic.name
