// Mailbox intake without code, deployed only when main.bicep's mailboxIntake is 'logic-app': a Consumption
// Logic App that saves every email arriving in a shared mailbox as a .eml blob in the intake container,
// where the pipeline picks it up like any other letter.
//
// Connector operations (Office 365 Outlook and Azure Blob Storage managed connectors, as their definitions
// and the Logic Apps designer write them):
//   trigger  "When a new email arrives in a shared mailbox (V2)", SharedMailboxOnNewEmailV2,
//            GET /v2/SharedMailbox/Mail/OnNewEmail?mailboxAddress=&folderId=, split on body.value
//   action   "Export email (V2)", ExportEmail_V2, GET /codeless/beta/me/messages/{messageId}/$value?mailboxAddress=
//            (the whole message as MIME, i.e. .eml bytes)
//   action   "Create blob (V2)", CreateFile_V2, POST /v2/datasets/{storage account}/files?folderPath=&name=
// The blob connection authenticates with the Logic App's system-assigned identity
// (parameterValueSet managedIdentityAuth on the connection, and connectionProperties.authentication
// ManagedServiceIdentity where the workflow references it), which holds Storage Blob Data Contributor on
// the intake container only. The Office 365 connection is OAuth: someone with access to the mailbox signs
// it in once after deployment (README.md, "Deploy to Azure").

param location string
param tags object = {}
param name string

@description('The shared mailbox whose new mail becomes letters, e.g. foi@force.police.uk.')
param mailboxAddress string

param storageAccountName string
param intakeContainer string

@description('Minutes between checks of the mailbox.')
@minValue(1)
param pollMinutes int = 3

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource intake 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: intakeContainer
}

resource office365 'Microsoft.Web/connections@2016-06-01' = {
  name: '${name}-office365'
  location: location
  tags: tags
  properties: {
    displayName: 'FOI mailbox ${mailboxAddress}'
    api: {
      id: subscriptionResourceId('Microsoft.Web/locations/managedApis', location, 'office365')
    }
  }
}

resource blobConnection 'Microsoft.Web/connections@2018-07-01-preview' = {
  name: '${name}-azureblob'
  location: location
  tags: tags
  kind: 'V1'
  properties: {
    displayName: 'FOI intake (managed identity)'
    api: {
      id: subscriptionResourceId('Microsoft.Web/locations/managedApis', location, 'azureblob')
    }
    parameterValueSet: {
      name: 'managedIdentityAuth'
      values: {}
    }
  }
}

resource workflow 'Microsoft.Logic/workflows@2019-05-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    state: 'Enabled'
    definition: {
      '$schema': 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#'
      contentVersion: '1.0.0.0'
      parameters: {
        '$connections': {
          type: 'Object'
          defaultValue: {}
        }
      }
      triggers: {
        'When_a_new_email_arrives_in_a_shared_mailbox_(V2)': {
          type: 'ApiConnection'
          recurrence: {
            frequency: 'Minute'
            interval: pollMinutes
          }
          // One run per message, so each email is saved (and retried) on its own.
          splitOn: '@triggerBody()?[\'value\']'
          inputs: {
            host: {
              connection: {
                name: '@parameters(\'$connections\')[\'office365\'][\'connectionId\']'
              }
            }
            method: 'get'
            path: '/v2/SharedMailbox/Mail/OnNewEmail'
            queries: {
              mailboxAddress: mailboxAddress
              folderId: 'Inbox'
              importance: 'Any'
              includeAttachments: false
            }
          }
        }
      }
      actions: {
        'Export_email_(V2)': {
          type: 'ApiConnection'
          runAfter: {}
          inputs: {
            host: {
              connection: {
                name: '@parameters(\'$connections\')[\'office365\'][\'connectionId\']'
              }
            }
            method: 'get'
            path: '/codeless/beta/me/messages/@{encodeURIComponent(triggerBody()?[\'id\'])}/$value'
            queries: {
              mailboxAddress: mailboxAddress
            }
          }
        }
        'Create_blob_(V2)': {
          type: 'ApiConnection'
          runAfter: {
            'Export_email_(V2)': [
              'Succeeded'
            ]
          }
          inputs: {
            host: {
              connection: {
                name: '@parameters(\'$connections\')[\'azureblob\'][\'connectionId\']'
              }
            }
            method: 'post'
            path: '/v2/datasets/@{encodeURIComponent(encodeURIComponent(\'${storageAccountName}\'))}/files'
            queries: {
              folderPath: '/${intakeContainer}'
              // The run name is unique per message (one run each, see splitOn) and stays the same when the
              // action is retried, so a retry overwrites its own blob instead of adding a copy. Dates first,
              // so intake lists in arrival order.
              name: 'mail-@{formatDateTime(triggerBody()?[\'receivedDateTime\'], \'yyyyMMdd-HHmmss\')}-@{workflow()[\'run\'][\'name\']}.eml'
              queryParametersSingleEncoded: true
            }
            headers: {
              ReadFileMetadataFromServer: true
            }
            body: '@body(\'Export_email_(V2)\')'
          }
          runtimeConfiguration: {
            contentTransfer: {
              transferMode: 'Chunked'
            }
          }
        }
      }
      outputs: {}
    }
    parameters: {
      '$connections': {
        value: {
          office365: {
            connectionId: office365.id
            connectionName: office365.name
            id: office365.properties.api.id
          }
          azureblob: {
            connectionId: blobConnection.id
            connectionName: blobConnection.name
            id: blobConnection.properties.api.id
            connectionProperties: {
              authentication: {
                type: 'ManagedServiceIdentity'
              }
            }
          }
        }
      }
    }
  }
}

// Writes into intake and nowhere else: the Logic App cannot read or change what the pipeline has made.
resource intakeWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(intake.id, workflow.id, storageBlobDataContributor)
  scope: intake
  properties: {
    principalId: workflow.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

output name string = workflow.name
output office365ConnectionName string = office365.name
