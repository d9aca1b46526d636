// One customer's state, built from a fixture and changed by writes. `reset()` rebuilds it from the
// fixture. The fields a fixture uses for the backend's own rules (a meter's counters and
// plausibility rule, a contract's tariff) stay in the state; `views.mjs` shapes API answers.
import { loadFixture } from './fixture.mjs';

const byTime = (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp);

function build(data) {
  const counters = new Map(); // counter id -> { meter, counter }
  for (const meter of data.meters) {
    for (const counter of meter.counters) {
      counter.readings = (counter.readings ?? []).map((r) => ({ ...r })).sort(byTime);
      counters.set(counter._id, { meter, counter });
    }
  }
  return {
    org: data.org_id,
    contact: data.contact,
    portalUser: data.portal_user,
    contracts: data.contracts,
    meters: data.meters,
    counters,
    orders: data.orders,
    opportunities: data.opportunities,
    billingEvents: data.billing_events,
    files: data.files,
    notifications: data.notifications,
    partners: data.partners,
    portal: data.portal ?? {},
  };
}

/** A store for the fixture at `file`; `today()` gives the clock the dates are moved to. */
export function createStore(file, today = () => new Date()) {
  const store = {
    file,
    state: null,
    reset() {
      store.state = build(loadFixture(file, today()));
      return store.state;
    },
  };
  store.reset();
  return store;
}

/** Every entity of the customer that entity:search / entity:get can return, by slug. */
export function entitiesBySlug(state) {
  const counters = [...state.counters.values()].map(({ meter, counter }) => ({ _id: counter._id, meter, counter }));
  return {
    contact: [state.contact],
    portal_user: [state.portalUser],
    contract: state.contracts,
    meter: state.meters,
    meter_counter: counters,
    order: state.orders,
    opportunity: state.opportunities,
    billing_event: state.billingEvents,
    file: state.files,
  };
}
