// The storage account: Teddy's data (catalog and events), model versions, clicks, the Functions host's own
// state (AzureWebJobsStorage) and the deployment package. Shared-key access is off, so every client uses
// Microsoft Entra ID (the app's managed identity, or the deploying user for uploads); there are no keys or
// connection strings anywhere.

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Region.')
param location string

@description('Tags for the account.')
param tags object

@description('Replication: Standard_LRS is the cheapest; Standard_ZRS survives a zone outage.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param skuName string

@description('Blob containers to create (the app\'s containers and the deployment package container).')
param containers string[]

@description('Tables to create.')
param tables string[]

@description('Queues to create.')
param queues string[]

@description('Days a deleted blob or container can be restored (soft delete); 0 turns soft delete off.')
@minValue(0)
@maxValue(365)
param deleteRetentionDays int

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'
    properties: {
      deleteRetentionPolicy: {
        enabled: deleteRetentionDays > 0
        days: max(1, deleteRetentionDays) // ignored while disabled
      }
      containerDeleteRetentionPolicy: {
        enabled: deleteRetentionDays > 0
        days: max(1, deleteRetentionDays) // ignored while disabled
      }
    }

    resource blobContainers 'containers' = [
      for container in containers: {
        name: container
        properties: {
          publicAccess: 'None'
        }
      }
    ]
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource storageTables 'tables' = [
      for table in tables: {
        name: table
      }
    ]
  }

  resource queueService 'queueServices' = {
    name: 'default'

    resource storageQueues 'queues' = [
      for queue in queues: {
        name: queue
      }
    ]
  }
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
