// bench/data.mjs: the precomputed response bodies the benchmark server answers with.
//
// Deterministic (seeded PRNG), so every run and every contender parses the same bytes:
//   contactBody()      getContact: one contact with files/relations/journey_actions, ~1 KB
//   searchBody(n)      searchPortalUserEntities: `n` contract entities (default 1,000), ~1 MB;
//                      realistic epilot entities: system fields, ACL, owners, relations,
//                      addresses, numbers, dates, nested arrays, German text (non-ASCII, so
//                      UTF-8 decoding is not the all-ASCII fast path)

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Schillerstraße', 'Gartenweg', 'Mühlenweg', 'Kölner Straße', 'Am Bürgerpark', 'Lindenallee'];
const CITIES = [['50667', 'Köln'], ['80331', 'München'], ['10115', 'Berlin'], ['20095', 'Hamburg'], ['60311', 'Frankfurt am Main'], ['70173', 'Stuttgart'], ['01067', 'Dresden'], ['04109', 'Leipzig']];
const FIRST = ['Jürgen', 'Anna', 'Lukas', 'Sören', 'Marie', 'Björn', 'Sophie', 'Jörg', 'Lena', 'Günther'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weiß', 'Schäfer', 'Köhler', 'Krüger', 'Groß', 'Hoffmann'];
const PRODUCTS = ['Ökostrom Plus', 'Erdgas Komfort', 'Wärmestrom Flex', 'Autostrom Tarif', 'Strom Basis 24'];
const STATUS = ['active', 'active', 'active', 'draft', 'cancelled', 'terminated'];

function uuid(r) {
  const h = () => Math.floor(r() * 16).toString(16);
  const part = (n) => Array.from({ length: n }, h).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-${'89ab'[Math.floor(r() * 4)]}${part(3)}-${part(12)}`;
}

function isoDate(r, fromYear = 2019, years = 6) {
  const t = Date.UTC(fromYear, 0, 1) + Math.floor(r() * years * 365 * 86400000);
  return new Date(t).toISOString();
}

const pick = (r, list) => list[Math.floor(r() * list.length)];
const ORG = '739224';

function address(r) {
  const [postal_code, city] = pick(r, CITIES);
  return {
    _tags: ['billing'],
    street: pick(r, STREETS),
    street_number: String(1 + Math.floor(r() * 120)),
    postal_code,
    city,
    country: 'DE',
    additional_info: r() < 0.3 ? 'Hinterhaus, 2. OG links' : '',
  };
}

function contract(r, i) {
  const first = pick(r, FIRST);
  const last = pick(r, LAST);
  const created = isoDate(r);
  const product = pick(r, PRODUCTS);
  const number = `V-${2020 + (i % 5)}-${String(100000 + i).padStart(6, '0')}`;
  return {
    _id: uuid(r),
    _title: `${product} – ${first} ${last}`,
    _org: ORG,
    _schema: 'contract',
    _tags: ['portal', r() < 0.5 ? 'strom' : 'gas'],
    _created_at: created,
    _updated_at: isoDate(r, 2024, 2),
    _acl: { view: [`org_${ORG}`, 'portal_user'], edit: [`org_${ORG}`] },
    _owners: [{ org_id: ORG, user_id: String(10000 + Math.floor(r() * 90000)) }],
    contract_name: `${product} (${number})`,
    contract_number: number,
    status: pick(r, STATUS),
    branch: r() < 0.5 ? 'power' : 'gas',
    start_date: created.slice(0, 10),
    termination_date: r() < 0.2 ? isoDate(r, 2025, 2).slice(0, 10) : null,
    billing_period: pick(r, ['monthly', 'quarterly', 'yearly']),
    installment_amount: Math.round(r() * 25000) / 100,
    balance: Math.round((r() - 0.3) * 50000) / 100,
    billing_address: [address(r)],
    customer: { $relation: [{ entity_id: uuid(r), _tags: ['Kunde'] }] },
    meters: { $relation: [{ entity_id: uuid(r), _tags: [] }, ...(r() < 0.3 ? [{ entity_id: uuid(r), _tags: ['Zweitzähler'] }] : [])] },
    description: `Vertrag für ${first} ${last}, Abschlag ${pick(r, ['fällig zum 1.', 'fällig zum 15.'])} des Monats. Preisgarantie bis ${isoDate(r, 2025, 2).slice(0, 10)}.`,
  };
}

/** getContact's answer (~1 KB). */
export function contactBody() {
  const r = rng(1);
  const body = {
    entity: {
      _id: uuid(r),
      _title: 'Jürgen Müller',
      _org: ORG,
      _schema: 'contact',
      _tags: ['portal'],
      _created_at: '2021-02-09T12:41:43.662Z',
      _updated_at: '2024-05-17T08:03:11.120Z',
      first_name: 'Jürgen',
      last_name: 'Müller',
      salutation: 'Herr',
      email: [{ _tags: ['primary'], email: 'juergen.mueller@example.com' }],
      phone: [{ _tags: ['mobile'], phone: '+49 151 23456789' }],
      address: [address(r)],
      customer_number: 'K-0012345',
      birthdate: '1978-03-14',
    },
    files: [],
    relations: [
      { _id: uuid(r), _title: 'Ökostrom Plus (V-2021-100001)', _org: ORG, _schema: 'contract', _created_at: '2021-02-09T12:41:43.662Z', _updated_at: '2024-01-01T00:00:00.000Z' },
    ],
    journey_actions: [{ journey_id: uuid(r), action_label: { en: 'Move', de: 'Umzug melden' }, slug: 'contract', rules: [] }],
  };
  return JSON.stringify(body);
}

/** searchPortalUserEntities' answer: `n` contract entities (~1 KB each). */
export function searchBody(n = 1000) {
  const r = rng(42);
  const results = Array.from({ length: n }, (_, i) => contract(r, i));
  return JSON.stringify({ hits: n, results, pagination: { from: 0, size: n, total: n, has_more: false } });
}
