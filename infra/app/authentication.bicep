// App Service authentication (Easy Auth, authsettingsV2) in front of the Functions app, with the Entra ID
// registration from registration.bicep. The app trusts X-MS-CLIENT-PRINCIPAL only because App Service
// sets it and strips any copy a client sends (AppServiceAuthenticator.cs).
//
// Unauthenticated requests get 401, never a redirect, so API clients and the reviewer page's fetch calls
// see a plain refusal. Reviewers open the page through /.auth/login/aad?post_login_redirect_uri=/api/page/
// (the REVIEWER_PAGE_URL output), which signs them in and lands them on it. The OpenAPI document stays
// anonymous, as README.md promises.

param functionAppName string
param clientId string

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource authentication 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        '/api/openapi.json'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}
