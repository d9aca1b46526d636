// The revision routine (scripts/update-spec.mjs) on real definitions: the previous revision the
// SDK was built from (previous.openapi.json.gz, 134 operations) against the current one in spec/.
//
//   node --test tests/spec-update/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepare, specText } from '../../scripts/spec/prepare.mjs';
import { diffSpecs, bumpOf, bumpVersion } from '../../scripts/spec/diff.mjs';
import { insertSection } from '../../scripts/spec/changelog.mjs';
import { plan, cargoVersion } from '../../scripts/update-spec.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const currentText = readFileSync(path.join(ROOT, 'spec/customer-portal.openapi.json'), 'utf8');
const current = () => JSON.parse(currentText);
const previousText = gunzipSync(readFileSync(path.join(HERE, 'previous.openapi.json.gz'))).toString('utf8');
const previous = () => JSON.parse(previousText);
const SOURCE = 'the Customer Portal API definition published with `@epilot/sdk` 2.20.31';

// ERRATA.md of the shared definition lists these
const NEW_OPERATIONS = `createExport getExport prepareVisualizationExport getVisualizationMetadata migrateEmailTemplateReferences
  listEmailTemplateReferences getPublicPortalWidgetsV3 getPortalWidgetsV3 upsertPortalWidgetV3 savePortalFilesV3 getPublicSchemasV3
  identifyContact checkAccountExists changePortalUserPassword getContractWithTemplates getFilePreview createPortalUserEntity
  patchPortalUserEntity getOutstandingTasks getEntityPortalWorkflows getEntityPortalWorkflowsBatch getMeterReadings getSSOProvider
  getPublicSSOProviderV3 interpolatePortalPages getTriggeredJourney listPortalNotifications getPortalNotificationsUnreadCount
  markAllPortalNotificationsRead markPortalNotificationRead createPortalRevision listPortalRevisions getPortalRevision
  publishPortalRevision clonePortalConfig verifyDns portalProxyExecute getMobileConfig putMobileConfig`.split(/\s+/);
const NEW_PARAMETERS = [
  'createUserV3: `domain` (query)', 'checkContactExistsV3: `domain` (query)', 'userExistsV3: `domain` (query)',
  'triggerEntityAccessEventV3: `domain` (query)', 'ssoLoginV3: `domain` (query)', 'putPortalConfig: `page_upsert_mode` (query)',
];
// what the current definition removed or narrowed next to its additions
const BREAKING = [
  'member getOrgPortalConfig response.identity_providers',
  'member getOrgPortalConfigV3 response.identity_providers',
  'member invitePartner body.represents_contact_list',
  'member PortalConfigV3.identity_providers',
  'schema SwappableConfig',
];

const names = (changes, what, change) => changes.filter((c) => c.what === what && c.change === change).map((c) => c.name);

test('a prepared definition comes out of prepare() byte for byte', () => {
  const { spec, repairs } = prepare(current());
  assert.deepEqual(repairs, {});
  assert.equal(specText(spec), currentText);
});

test('prepare() removes prose and makes each mechanical repair where the defect is', () => {
  const spec = current();
  spec.info.description = 'An API.';
  spec['x-tagGroups'] = [{ name: 'APIs', tags: ['ECP'] }];
  spec.tags[0]['x-displayName'] = 'Portal';
  const contact = spec.paths['/v2/portal/contact'].get;
  contact.summary = 'Get the contact';
  contact.responses['200'].description = 'The contact';
  delete spec.components.responses.Unauthorized.description;
  const notification = spec.components.schemas.PortalNotification.properties;
  notification.id.example = 1234567890; // declared string
  notification.notification_id.example = '1234567890'; // declared number
  notification.read.example = 'false'; // declared boolean
  notification.redirect_url.format = 'url';
  spec.components.schemas.PortalNotification.required.push('never_defined');
  // a member *named* description, and prose inside example data, must stay
  spec.components.schemas.ErrorResp.properties.description = { type: 'string', description: 'prose', example: { description: 'data' } };
  const forbidden = spec.components.responses.ForbiddenByRule.content['application/json'].schema;
  forbidden.oneOf = forbidden.anyOf;
  delete forbidden.anyOf;

  const { spec: out, repairs } = prepare(spec);
  assert.deepEqual(repairs, { prose: 5, response: 2, example: 3, format: 1, required: 1, anyOf: 1 });
  assert.equal(out.info.description, undefined);
  assert.equal(out['x-tagGroups'], undefined);
  assert.equal(out.paths['/v2/portal/contact'].get.summary, undefined);
  assert.equal(out.paths['/v2/portal/contact'].get.responses['200'].description, 'Response 200');
  assert.equal(out.components.responses.Unauthorized.description, 'Response Unauthorized');
  const p = out.components.schemas.PortalNotification.properties;
  assert.deepEqual([p.id.example, p.notification_id.example, p.read.example, p.redirect_url.format], ['1234567890', 1234567890, false, 'uri']);
  assert.deepEqual(out.components.schemas.PortalNotification.required, ['id', 'read']);
  assert.deepEqual(out.components.schemas.ErrorResp.properties.description, { type: 'string', example: { description: 'data' } });
  assert.ok(out.components.responses.ForbiddenByRule.content['application/json'].schema.anyOf);
  // the union whose branches require members is left alone
  assert.ok(out.components.schemas.BillingEvent.oneOf);
});

test('previous -> current: 39 operations and 6 parameters added, and the bump', () => {
  const changes = diffSpecs(prepare(previous()).spec, current());
  assert.deepEqual(names(changes, 'operation', 'added').sort(), [...NEW_OPERATIONS].sort());
  assert.deepEqual(names(changes, 'parameter', 'added').sort(), [...NEW_PARAMETERS].sort());
  assert.deepEqual(names(changes, 'operation', 'removed'), []);
  assert.deepEqual(names(changes, 'parameter', 'removed'), []);
  assert.deepEqual(names(changes, 'schema', 'removed'), []);
  assert.equal(names(changes, 'schema', 'added').length, 57);
  assert.ok(changes.filter((c) => c.what === 'member' && c.change === 'added').length > 100);
  // additions alone are a minor bump ...
  assert.equal(bumpOf(changes.filter((c) => !c.breaking)), 'minor');
  // ... but the current definition also removes or narrows five things, so the bump is major
  assert.deepEqual(changes.filter((c) => c.breaking).map((c) => `${c.what} ${c.name}`).sort(), [...BREAKING].sort());
  assert.equal(bumpOf(changes), 'major');
});

test('previous -> current with the five narrowings undone: exactly a minor bump', () => {
  const spec = current();
  spec.components.schemas.SwappableConfig.enum.unshift('all', 'domain', 'users');
  spec.paths['/v3/portal/partner/invite'].post.requestBody.content['application/json'].schema.properties.represents_contact_list =
    { type: 'array', items: { $ref: '#/components/schemas/EntityId' } };
  // identity providers of a portal config: declared as public providers only, as before
  spec.components.schemas.UpdateOnlyPortalConfigAttributes.properties.identity_providers.items.$ref = '#/components/schemas/ProviderPublicConfig';
  for (const route of ['/v2/portal/org/portal/config', '/v3/portal/org/portal/config']) {
    delete spec.paths[route].get.responses['200'].content['application/json'].schema.allOf[1].properties.identity_providers;
  }
  const changes = diffSpecs(prepare(previous()).spec, spec);
  assert.equal(names(changes, 'operation', 'added').length, 39);
  assert.equal(names(changes, 'parameter', 'added').length, 6);
  assert.deepEqual(changes.filter((c) => c.breaking), []);
  assert.equal(bumpOf(changes), 'minor');
  assert.equal(bumpVersion('0.1.0', 'minor'), '0.1.1');
  assert.equal(bumpVersion('1.4.2', 'minor'), '1.5.0');
});

test('narrowing and removal are major; nothing changed is no release', () => {
  const base = current();
  assert.equal(bumpOf(diffSpecs(base, current())), 'none');
  const narrowed = current();
  narrowed.paths['/v2/portal/notifications'].get.parameters[1].required = true;
  assert.deepEqual(diffSpecs(base, narrowed).map((c) => [c.name, c.detail, c.breaking]), [['listPortalNotifications: `limit` (query)', 'now required', true]]);
  const removed = current();
  delete removed.paths['/v2/portal/notifications/read-all'];
  assert.equal(bumpOf(diffSpecs(base, removed)), 'major');
  assert.equal(bumpVersion('0.2.0', 'major'), '0.3.0');
  assert.equal(bumpVersion('1.4.2', 'major'), '2.0.0');
});

test('CHANGELOG.md starts with this release, as the routine writes it', () => {
  const result = plan({ oldSpec: prepare(previous()).spec, upstream: current(), previous: '0.1.0', source: SOURCE,
    descriptions: JSON.parse(readFileSync(path.join(ROOT, 'codegen/descriptions.json'), 'utf8')) });
  assert.equal(result.version, '0.2.0');
  assert.equal(cargoVersion(readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8')), '0.2.0');
  const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  assert.match(changelog, /^# Changelog\n/);
  assert.equal(changelog.indexOf('\n## '), changelog.indexOf('\n## 0.2.0\n'));
  assert.ok(changelog.includes(result.section.trimEnd()), 'CHANGELOG.md holds the generated 0.2.0 section unchanged');
  // a newer section goes on top; the same version is replaced
  const next = insertSection(changelog, '## 0.3.0\n\nNewer.\n');
  assert.ok(next.indexOf('## 0.3.0') < next.indexOf('## 0.2.0'));
  assert.equal(insertSection(next, '## 0.3.0\n\nAgain.\n').match(/## 0\.3\.0/g).length, 1);
});

test('the command itself: --dry-run prints the section and writes nothing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'update-spec-'));
  const old = path.join(dir, 'previous.json');
  writeFileSync(old, previousText);
  const before = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/update-spec.mjs'), path.join(ROOT, 'spec/customer-portal.openapi.json'),
    '--old', old, '--version-from', '0.1.0', '--dry-run'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /39 operations added/);
  assert.match(run.stdout, /6 parameters added/);
  assert.match(run.stdout, /semver major: 0\.1\.0 -> 0\.2\.0/);
  assert.match(run.stdout, /\n## 0\.2\.0\n/);
  assert.equal(readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'), before);
  const bad = spawnSync(process.execPath, [path.join(ROOT, 'scripts/update-spec.mjs'), path.join(dir, 'missing.json'), '--dry-run'], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /missing\.json/);
});
