// Teddy's own app settings, as the code reads them (names with `__` between sections). Values are the code's
// defaults, the same as local.settings.sample.json; the infra tests fail when a setting in that file is missing
// here or has another value, and name the settings. Settings that only make sense locally (the worker runtime
// and storage connection strings, the development runner's key) are not here: see infra/README.md.

@export()
@description('Containers, tables and queues the app uses, as its Teddy__Storage__* settings. main.bicep creates each by the ending of its setting\'s name (…Container, …Table, …Queue; a queue also gets its -poison queue).')
var storageNames = {
  Teddy__Storage__DataContainer: 'data'
  Teddy__Storage__ModelsContainer: 'models'
  Teddy__Storage__ClicksTable: 'clicks'
  Teddy__Storage__RetrainsTable: 'retrains'
  // Flat, not Teddy__Storage__…: the queue trigger's attribute reads it as %RETRAIN_QUEUE%.
  RETRAIN_QUEUE: 'retrain-requests'
}

@export()
@description('Every other setting the code reads, with the code\'s defaults.')
var teddySettings = {
  RETRAIN_SCHEDULE: '0 0 3 * * *'
  Teddy__Logging__AzureSdk: 'Warning'
  Teddy__Storage__CatalogBlob: 'catalog.ndjson'
  Teddy__Storage__EventsBlob: 'events.ndjson'
  Teddy__Storage__Requests__MaxRetries: '2'
  Teddy__Storage__Requests__DelaySeconds: '0.1'
  Teddy__Storage__Requests__MaxDelaySeconds: '0.5'
  Teddy__Storage__Requests__NetworkTimeoutSeconds: '1'
  Teddy__Storage__Requests__TimeoutSeconds: '2'
  Teddy__Storage__Background__MaxRetries: '4'
  Teddy__Storage__Background__DelaySeconds: '1'
  Teddy__Storage__Background__MaxDelaySeconds: '15'
  Teddy__Storage__Background__NetworkTimeoutSeconds: '30'
  Teddy__Storage__Background__TimeoutSeconds: '300'
  Teddy__Storage__HealthTimeoutSeconds: '0.6'
  Teddy__Bootstrap__SampleScale: '1'
  'Teddy__Events__Weights__detail-page-view': '1'
  'Teddy__Events__Weights__add-to-cart': '3'
  'Teddy__Events__Weights__purchase-complete': '5'
  'Teddy__Events__Weights__category-page-view': '0'
  'Teddy__Events__Weights__home-page-view': '0'
  'Teddy__Events__Weights__promotion-offered': '0'
  'Teddy__Events__Weights__promotion-not-offered': '0'
  Teddy__Events__Weights__search: '0'
  'Teddy__Events__Weights__shopping-cart-page-view': '0'
  'Teddy__Events__Weights__add-to-list': '0'
  'Teddy__Events__Weights__checkout-start': '0'
  'Teddy__Events__Weights__page-visit': '0'
  Teddy__Events__Weights__refund: '0'
  'Teddy__Events__Weights__remove-from-cart': '0'
  'Teddy__Events__Weights__remove-from-list': '0'
  Teddy__Events__Weights__impression: '0'
  Teddy__Serving__RefreshSeconds: '30'
  Teddy__Serving__DefaultCount: '20'
  Teddy__Serving__MaxCount: '100'
  Teddy__Serving__RetryAfterSeconds: '5'
  Teddy__Serving__SimilarContentWeight: '0.5'
  Teddy__Ranking__InStockOnly: 'true'
  Teddy__Ranking__ExcludeInteracted: 'true'
  Teddy__Ranking__UnknownAvailabilityInStock: 'true'
  Teddy__Ranking__AgeMismatch: 'Demote'
  Teddy__Ranking__AgeMismatchFactor: '0.5'
  Teddy__Ranking__AgeGroupMinShare: '0.2'
  Teddy__Ranking__DiscountBoostStrength: '1.0'
  Teddy__Ranking__DiscountBoostCap: '2.0'
  Teddy__Ranking__ColorMatchBoost: '0.3'
  Teddy__Ranking__UserColors: '3'
  Teddy__Ranking__BrandRarityWeight: '0.2'
  Teddy__Ranking__MaxPerBrand: '2'
  Teddy__Ranking__FamiliarBrandBoost: '0.15'
  Teddy__Ranking__NewBrandBoost: '0.05'
  Teddy__Ranking__CompletenessWeight: '0.1'
  Teddy__Ranking__ColorRepeatPenalty: '0.9'
  Teddy__Ranking__JitterAmplitude: '0.1'
  Teddy__Ranking__CandidateMultiplier: '3'
  Teddy__Training__Candidates: 'hybrid,content,collaborative,itemknn,ease,popular'
  Teddy__Training__TfidfMaxFeatures: '5000'
  Teddy__Training__ContentMaxProfileTerms: '300'
  Teddy__Training__SvdRank: '60'
  Teddy__Training__SvdTolerance: '1e-8'
  Teddy__Training__Popularity__PoolSize: '50'
  Teddy__Training__Popularity__PoolMaxPerBrand: '2'
  Teddy__Training__ItemKnn__Neighbours: '50'
  Teddy__Training__ItemKnn__K1: '1.2'
  Teddy__Training__ItemKnn__B: '0.5'
  Teddy__Training__Ease__RelativeLambda: '2.0'
  Teddy__Training__Ease__MaxItems: '3000'
  Teddy__Training__Hybrid__ContentWeight: '0.65'
  Teddy__Training__Hybrid__CollaborativeWeight: '0.35'
  Teddy__Training__Hybrid__ConsensusBonus: '0.1'
  Teddy__Training__Hybrid__CandidateMultiplier: '2'
  Teddy__Training__Hybrid__CollaborativePart: 'collaborative'
  Teddy__Training__Hybrid__Tuning: 'Search'
  Teddy__Training__Hybrid__TuningStep: '0.1'
  Teddy__Training__Hybrid__TuningUsers: '1000'
  Teddy__Training__Evaluation__HoldoutFraction: '0.2'
  Teddy__Training__Evaluation__MinProducts: '5'
  Teddy__Training__Evaluation__MaxUsers: '2000'
  Teddy__Training__Evaluation__K: '10'
  Teddy__Training__Evaluation__Seed: '42'
  Teddy__Training__Selection__Rule: 'Ndcg'
  Teddy__Training__Selection__CoverageFloor: '0.55'
  Teddy__Training__Selection__PromotionTolerance: '0.05'
  Teddy__Training__Selection__KeepVersions: '10'
  Teddy__Training__Gates__MinDataShare: '0.5'
  Teddy__Training__Gates__MaxRejectedShare: '0.2'
  Teddy__Training__Gates__MinHoldoutUsers: '50'
  Teddy__Retrain__KeepRuns: '50'
  Teddy__Retrain__BusyRetrySeconds: '60'
}

@export()
@description('The local demo\'s settings: `on` as in local.settings.sample.json (seed the generated toy shop into an empty data container, train when nothing is promoted, list example shoppers on the page), `off` the code\'s defaults, for a real shop.')
var demoSettings = {
  on: {
    Teddy__Bootstrap__SeedSampleData: 'true'
    Teddy__Bootstrap__TrainWhenNoModel: 'true'
    Teddy__Serving__ExampleUsers: '8'
  }
  off: {
    Teddy__Bootstrap__SeedSampleData: 'false'
    Teddy__Bootstrap__TrainWhenNoModel: 'false'
    Teddy__Serving__ExampleUsers: '0'
  }
}
