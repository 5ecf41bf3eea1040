# azd postdeploy hook (Windows): the same as postdeploy.sh. Subscribes the Functions app's Event Grid blob
# trigger (function "Intake") to BlobCreated events in the intake container. The webhook URL needs the
# host's blobs_extension system key, which exists only once the deployed code is running, so this cannot
# be done in Bicep (functions-event-grid-blob-trigger.md). Safe to run again: it updates the subscription.
$ErrorActionPreference = 'Stop'

foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'INTAKE_SYSTEM_TOPIC_NAME', 'INTAKE_CONTAINER', 'INTAKE_DEADLETTER_CONTAINER_ID') {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        throw "$name is not set: run through azd (azd deploy / azd up), which sets the environment."
    }
}

$key = ''
for ($attempt = 1; $attempt -le 12 -and -not $key; $attempt++) {
    $key = az functionapp keys list -g $env:AZURE_RESOURCE_GROUP -n $env:AZURE_FUNCTION_APP_NAME `
        --query 'systemKeys.blobs_extension' -o tsv 2>$null
    if (-not $key) {
        Write-Host "Waiting for the Functions host to create its blobs_extension key ($attempt/12)..."
        Start-Sleep -Seconds 10
    }
}
if (-not $key) {
    throw 'The app has no blobs_extension key yet: check that the deployment started (Functions app > Log stream), then run ./infra/hooks/postdeploy.ps1 again.'
}

$appHost = az functionapp show -g $env:AZURE_RESOURCE_GROUP -n $env:AZURE_FUNCTION_APP_NAME --query defaultHostName -o tsv
$endpoint = "https://$appHost/runtime/webhooks/blobs?functionName=Host.Functions.Intake&code=$key"

# Only new blobs in intake. Event Grid retries for a day; an event it still cannot deliver is written, with the
# topic's identity, to the intake-deadletter container instead of being dropped.

az eventgrid system-topic event-subscription create `
    --name intake-blob-created `
    --resource-group $env:AZURE_RESOURCE_GROUP `
    --system-topic-name $env:INTAKE_SYSTEM_TOPIC_NAME `
    --endpoint-type webhook `
    --endpoint $endpoint `
    --included-event-types Microsoft.Storage.BlobCreated `
    --subject-begins-with "/blobServices/default/containers/$($env:INTAKE_CONTAINER)/" `
    --event-delivery-schema eventgridschema `
    --max-delivery-attempts 30 `
    --event-ttl 1440 `
    --deadletter-identity systemassigned `
    --deadletter-identity-endpoint $env:INTAKE_DEADLETTER_CONTAINER_ID `
    --output none
if ($LASTEXITCODE -ne 0) { throw 'Creating the Event Grid subscription failed (see above).' }

Write-Host "Letters written to the $($env:INTAKE_CONTAINER) container now reach the Intake function."
if ($env:OFFICE365_CONNECTION_NAME) {
    Write-Host "Mailbox Logic App: sign in its Office 365 connection once (README.md, Deploy to Azure): $($env:OFFICE365_CONNECTION_NAME)"
}
