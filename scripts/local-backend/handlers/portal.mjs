// The portal's own setup that a customer's screens read: which extension serves the consumption,
// costs and prices series (and at which intervals). A fixture may set `portal.extensions`; the
// default names the local backend itself, whose series handlers accept any extension and hook id.

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

export default {
  getPublicPortalExtensionDetailsV3: ({ state }) => state.portal.extensions ?? DEFAULT_EXTENSIONS,
};
