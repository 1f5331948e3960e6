// The user-assigned managed identity the function app runs as: the host (AzureWebJobsStorage), the app's own
// storage clients (TeddyStorage), the deployment package download and Application Insights all use it.

@description('Name of the identity.')
param name string

@description('Region.')
param location string

@description('Tags for the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
