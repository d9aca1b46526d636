// The portal's own setup that a customer's screens read. The extension details say which data
// source serves the consumption, costs and prices series (default: the local backend itself,
// which accepts any extension and hook id). The portal config, pages and widgets are answered
// from the fixture's `portal` when it has them; otherwise those requests go to the spec mock
// (OPTIONAL says which fixture key each operation needs).

const name = (en) => ({ en });
const hook = (id, label) => ({
  app: { app_id: 'local-metering', name: name('Local metering') },
  extension: { id: 'local-metering', name: name('Local metering') },
  hook: { id, name: name(label), intervals: ['P1M', 'P1D', 'PT1H', 'P1Y'], block_types: ['chart'] },
});

const DEFAULT_EXTENSIONS = {
  consumptionDataRetrieval: [hook('consumption', 'Consumption from the meter readings')],
  costDataRetrieval: [hook('costs', 'Costs from the readings and the contract\'s tariff')],
  priceDataRetrieval: [hook('prices', 'The contract\'s unit price')],
};

/** operationId -> the key of the fixture's `portal` it is answered from (else the mock answers). */
export const OPTIONAL = {
  getPortalConfig: 'config',
  getPublicPortalConfigV3: 'config',
  getPortalPages: 'pages',
  getPortalWidgets: 'widgets',
};

export default {
  getPublicPortalExtensionDetailsV3: ({ state }) => state.portal.extensions ?? DEFAULT_EXTENSIONS,
  getPortalConfig: ({ state }) => state.portal.config,
  getPublicPortalConfigV3: ({ state }) => state.portal.config,
  getPortalPages: ({ state }) => state.portal.pages,
  getPortalWidgets: ({ state }) => state.portal.widgets,
};
