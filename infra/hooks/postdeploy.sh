#!/bin/sh
# azd postdeploy hook: subscribes the Functions app's Event Grid blob trigger (IntakeFunction, function
# name "Intake") to BlobCreated events in the intake container.
#
# Why here and not in Bicep: the webhook URL must carry the host's blobs_extension system key, which the
# host creates only when the code with the blob trigger is running (functions-event-grid-blob-trigger.md).
# Run after every deploy; creating the subscription again with the same name updates it in place.
# Needs: az (signed in), and the azd environment values main.bicep outputs.
set -eu

: "${AZURE_RESOURCE_GROUP:?run through azd (azd deploy / azd up), which sets the environment}"
: "${AZURE_FUNCTION_APP_NAME:?}"
: "${INTAKE_SYSTEM_TOPIC_NAME:?}"
: "${INTAKE_CONTAINER:?}"
: "${INTAKE_DEADLETTER_CONTAINER_ID:?}"

# The key appears a little after the host first starts with the new code; wait up to about two minutes.
key=""
attempt=0
while [ -z "$key" ] && [ "$attempt" -lt 12 ]; do
  key=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" \
        --query "systemKeys.blobs_extension" -o tsv 2>/dev/null || true)
  if [ -z "$key" ]; then
    attempt=$((attempt + 1))
    echo "Waiting for the Functions host to create its blobs_extension key ($attempt/12)..."
    sleep 10
  fi
done
if [ -z "$key" ]; then
  echo "The app has no blobs_extension key yet: check that the deployment started (Functions app > Log stream), then run ./infra/hooks/postdeploy.sh again." >&2
  exit 1
fi

host=$(az functionapp show -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" --query defaultHostName -o tsv)
endpoint="https://${host}/runtime/webhooks/blobs?functionName=Host.Functions.Intake&code=${key}"

# Only new blobs in intake. Event Grid retries for a day; an event it still cannot deliver is written, with the
# topic's identity, to the intake-deadletter container instead of being dropped.
az eventgrid system-topic event-subscription create \
  --name intake-blob-created \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$INTAKE_SYSTEM_TOPIC_NAME" \
  --endpoint-type webhook \
  --endpoint "$endpoint" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/${INTAKE_CONTAINER}/" \
  --event-delivery-schema eventgridschema \
  --max-delivery-attempts 30 \
  --event-ttl 1440 \
  --deadletter-identity systemassigned \
  --deadletter-identity-endpoint "$INTAKE_DEADLETTER_CONTAINER_ID" \
  --output none

echo "Letters written to the ${INTAKE_CONTAINER} container now reach the Intake function."
if [ -n "${OFFICE365_CONNECTION_NAME:-}" ]; then
  echo "Mailbox Logic App: sign in its Office 365 connection once (README.md, Deploy to Azure): ${OFFICE365_CONNECTION_NAME}"
fi
echo "Reviewers sign in at: ${REVIEWER_PAGE_URL:-https://${host}/.auth/login/aad?post_login_redirect_uri=/api/page/}"
