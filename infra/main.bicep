// What `azd up` provisions for Teddy: a resource group with a Flex Consumption function app (.NET 10 isolated),
// its storage account (identity-only access), a user-assigned managed identity, Log Analytics and Application
// Insights. Plain resources only (no registry modules), so it builds and lints offline. See infra/README.md.
targetScope = 'subscription'
import { storageNames } from 'app/settings.bicep'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment (AZURE_ENV_NAME); the resource group and the resource name suffix derive from it.')
param environmentName string

@minLength(1)
@description('Region for every resource (AZURE_LOCATION); it must offer the Flex Consumption plan.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the deploying user or service principal (AZURE_PRINCIPAL_ID); it gets data access to the storage account. Empty: no assignment.')
param principalId string = ''

@description('Kind of principal principalId is (AZURE_PRINCIPAL_TYPE).')
@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Comma-separated origins a browser may call the API from (CORS), e.g. "https://shop.example,https://www.shop.example". Empty: no cross-origin callers; the page is served by the app itself.')
param corsAllowedOrigins string = ''

@description('Memory per instance, MB (512, 2048 or 4096).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Always-ready instances for the HTTP functions (billed while idle); 0 scales to zero.')
@minValue(0)
param alwaysReadyInstances int = 0

@description('Demo mode: seed the generated toy shop into the empty data container and train at first start, and list example shoppers on the page. Never for a real shop.')
param demo bool = false

@description('Storage replication.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSkuName string = 'Standard_LRS'

@description('Days deleted blobs and containers can be restored (0: off).')
@minValue(0)
@maxValue(365)
param storageDeleteRetentionDays int = 7

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
// The service name in azure.yaml (azd deploys the project to the app tagged azd-service-name = this).
var serviceName = 'api'
// Names are known before deployment (what-if and role assignment ids need them); modules that use a
// resource by name depend on the module that creates it.
var names = {
  identity: 'id-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  storage: 'st${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
}
// Flex Consumption downloads the app's package from this container, with the app's identity.
var deploymentContainer = 'app-package'

// Each Teddy__Storage__…Container/…Table/…Queue setting (and RETRAIN_QUEUE) names a resource to create; a queue also gets the
// `-poison` queue the Functions host moves failing messages to.
var storageSettings = items(storageNames)
var appContainers = map(filter(storageSettings, s => endsWith(toLower(s.key), 'container')), s => s.value)
var appTables = map(filter(storageSettings, s => endsWith(toLower(s.key), 'table')), s => s.value)
var appQueues = flatten(map(filter(storageSettings, s => endsWith(toLower(s.key), 'queue')), s => [s.value, '${s.value}-poison']))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    retentionInDays: logRetentionDays
  }
}

module storage 'app/storage.bicep' = {
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSkuName
    containers: concat([deploymentContainer], appContainers)
    tables: appTables
    queues: appQueues
    deleteRetentionDays: storageDeleteRetentionDays
  }
}

module roles 'app/roles.bicep' = {
  scope: rg
  params: {
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    identityName: names.identity
    principalId: principalId
    principalType: principalType
  }
  dependsOn: [identity, monitoring, storage]
}

module api 'app/api.bicep' = {
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    deploymentContainer: deploymentContainer
    applicationInsightsName: names.applicationInsights
    corsAllowedOrigins: filter(map(split(corsAllowedOrigins, ','), origin => trim(origin)), origin => !empty(origin))
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyInstances: alwaysReadyInstances
    demo: demo
  }
  // The app starts (and reads storage) as soon as it exists: let its roles be in place first.
  dependsOn: [roles, monitoring, storage]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
