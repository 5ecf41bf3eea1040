// The Entra ID app registration that App Service authentication signs reviewers in with, carrying the
// three reviewer roles the app knows (functions/FoiPipeline.Core/Review/Reviewer.cs, ReviewerRoles).
//
// Why the Microsoft Graph Bicep extension rather than `az ad app create` in a preprovision hook: the
// registration then lives in the same deployment as the app (redirect URI from the app's real host name,
// client id passed straight to authsettingsV2), redeploying is idempotent through uniqueName, and there is
// no script to keep in two shells. The deploying identity needs Application.ReadWrite.All (delegated) or
// the Application Administrator / Application Developer role in Entra ID.
// Extension form: learn.microsoft.com/graph/templates/bicep (Microsoft Graph Bicep, v1.0 types, 1.0.0).
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'

@description('Stable, tenant-unique key of the registration, so a redeployment updates it instead of adding another.')
param uniqueName string
param displayName string

@description('The Functions app\'s host name, for the sign-in redirect URI.')
param appHostName string

// Role ids must be stable GUIDs: an assignment points at the id, so regenerating one would drop every reviewer's role.
var reviewerRoles = [
  {
    value: 'reviewer'
    displayName: 'Reviewer'
    description: 'Works the FOI triage queue: claims requests, corrects questions and themes, moves them along the workflow.'
  }
  {
    value: 'sensitive-reviewer'
    displayName: 'Sensitive reviewer'
    description: 'A reviewer cleared to see restricted requests (counter-terrorism, covert tactics and other restricted themes).'
  }
  {
    value: 'admin'
    displayName: 'Administrator'
    description: 'Releases anyone\'s claim, reopens finished requests, replays failed items and exports corrections. Grants no clearance.'
  }
]

resource registration 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  appRoles: [for role in reviewerRoles: {
    id: guid(uniqueName, role.value)
    value: role.value
    displayName: role.displayName
    description: role.description
    allowedMemberTypes: [
      'User'
    ]
    isEnabled: true
  }]
  web: {
    redirectUris: [
      'https://${appHostName}/.auth/login/aad/callback'
    ]
    // App Service authentication without a client secret signs users in with the OpenID Connect implicit flow
    // ("If no client secret is configured, the OpenID Connect implicit auth flow is used", SiteAuthSettings
    // clientSecret in the App Service REST reference): the ID token is posted to /.auth/login/aad/callback and
    // carries the roles claim, and no secret is stored anywhere. The code flow would need a client secret, or a
    // federated credential from a user-assigned identity (OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID), which this app lacks.
    implicitGrantSettings: {
      enableIdTokenIssuance: true
      enableAccessTokenIssuance: false
    }
  }
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: registration.appId
  // Only users and groups assigned one of the roles can sign in at all.
  appRoleAssignmentRequired: true
}

output clientId string = registration.appId
output servicePrincipalId string = servicePrincipal.id
