// The function app on a Flex Consumption plan: .NET 10 isolated worker, deployed from a blob container with
// the user-assigned identity, every storage connection identity-based (no keys), telemetry to Application
// Insights with Microsoft Entra authentication, and Teddy's settings from settings.bicep.
import { demoSettings, storageNames, teddySettings } from 'settings.bicep'

@description('Name of the function app (globally unique: it is the host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Region.')
param location string

@description('Tags for the plan and the app (the app also gets azd-service-name).')
param tags object

@description('The service name in azure.yaml; azd finds the app by its azd-service-name tag.')
param serviceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (the `__clientId` of identity-based connections).')
param identityClientId string

@description('Name of the storage account (AzureWebJobsStorage, TeddyStorage and the deployment package).')
param storageAccountName string

@description('Blob container holding the deployment package.')
param deploymentContainer string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Origins a browser may call the API from (CORS), e.g. the shop\'s front end. The page itself is served by the app (same origin) and needs none.')
param corsAllowedOrigins string[]

@description('Memory per instance, MB; CPU scales with it. Training holds the interaction matrix and the models in memory.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Most instances the app scales out to (the plan\'s scale-out and cost ceiling).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Instances kept running for the HTTP functions (no cold start for the first request; billed while idle). 0: scale to zero.')
@minValue(0)
param alwaysReadyInstances int

@description('Demo mode (demoSettings.on): seed the generated toy shop and train at first start. Never for a real shop.')
param demo bool

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Identity-based connection settings (https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity):
// the same shape for the host (AzureWebJobsStorage) and the app's own clients (TeddyStorage).
var storageEndpoints = {
  blobServiceUri: storage.properties.primaryEndpoints.blob
  queueServiceUri: storage.properties.primaryEndpoints.queue
  tableServiceUri: storage.properties.primaryEndpoints.table
}

var platformSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storageEndpoints.blobServiceUri
  AzureWebJobsStorage__queueServiceUri: storageEndpoints.queueServiceUri
  AzureWebJobsStorage__tableServiceUri: storageEndpoints.tableServiceUri
  TeddyStorage__credential: 'managedidentity'
  TeddyStorage__clientId: identityClientId
  TeddyStorage__blobServiceUri: storageEndpoints.blobServiceUri
  TeddyStorage__queueServiceUri: storageEndpoints.queueServiceUri
  TeddyStorage__tableServiceUri: storageEndpoints.tableServiceUri
  // Not a secret: with local authentication disabled the component accepts only Entra-authenticated telemetry.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyInstances }] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: union(teddySettings, storageNames, demo ? demoSettings.on : demoSettings.off, platformSettings)
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
