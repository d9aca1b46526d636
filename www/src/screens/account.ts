import type { Contact, EntityEditRule } from 'epilot-portal-sdk';
import { sdk, settings } from '../portal';
import { card, defs, errorBox, fmtDateTime, h, load, loading, show } from '../ui';
import { securityCard } from './account-security';
import { contactEmail, contactName } from './dashboard';

/** The contact fields this page lets the customer change. */
const FIELDS: Array<{ key: string; label: string; autocomplete: string }> = [
  { key: 'first_name', label: 'First name', autocomplete: 'given-name' },
  { key: 'last_name', label: 'Last name', autocomplete: 'family-name' },
];

function labelOf(attribute: string | undefined): string {
  return FIELDS.find((f) => f.key === attribute)?.label.toLowerCase() ?? (attribute ? attribute.replace(/_/g, ' ') : 'this field');
}

/** A refusal by the portal's edit rules, in plain words. */
export function describeRefusal(attribute: string, rule: EntityEditRule | undefined): string {
  const what = labelOf(rule?.attribute || attribute);
  const parts = [`Your ${what} cannot be changed right now: a rule of this portal limits changes to it.`];
  if (rule?.changes_allowed !== undefined && rule.cadence_period !== undefined && rule.cadence_period_type) {
    const n = rule.changes_allowed;
    parts.push(`It can be changed ${n === 1 ? 'once' : `${n} times`} every ${rule.cadence_period} ${rule.cadence_period_type.replace(/_/g, ' ').toLowerCase()}.`);
  } else if (rule?.number_of_days_before_restriction) {
    parts.push(`Changes are not possible in the ${rule.number_of_days_before_restriction} days before the restriction applies.`);
  }
  parts.push('Nothing was saved. If the change is urgent, contact customer service.');
  return parts.join(' ');
}

function editForm(contact: Contact): HTMLElement {
  const inputs = FIELDS.map((f) => {
    const current = typeof contact[f.key] === 'string' ? (contact[f.key] as string) : '';
    return { ...f, current, input: h('input', { id: `contact-${f.key}`, name: f.key, type: 'text', value: current, autocomplete: f.autocomplete }) };
  });
  const submit = h('button', { type: 'submit' }, 'Save changes');
  const status = h('div', { class: 'form-status', 'data-testid': 'account-status' });
  const form = h('form', { id: 'account-form', novalidate: true },
    inputs.map((f) => [h('label', { for: f.input.id }, f.label), f.input]),
    submit, status);

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const changes: Record<string, string> = {};
    for (const f of inputs) {
      const v = f.input.value.trim();
      if (v !== f.current) changes[f.key] = v;
    }
    const changed = Object.keys(changes);
    if (changed.length === 0) {
      show(status, h('p', { class: 'form-msg' }, 'Nothing changed, so nothing was sent.'));
      return;
    }
    submit.disabled = true;
    show(status, loading('Checking whether the change is allowed'));
    void (async () => {
      try {
        // The portal's edit rules first: one check per changed attribute.
        const checks = await Promise.all(changed.map((attribute) =>
          sdk().validateCadenceEntityEditRules({ slug: 'contact', id: contact._id, attribute }).then((r) => ({ attribute, result: r.data }))));
        const refused = checks.filter((c) => c.result.isBlockedByRules);
        if (refused.length > 0) {
          show(status, h('div', { class: 'refusal', role: 'alert', 'data-testid': 'account-refused' },
            refused.map((r) => h('p', null, describeRefusal(r.attribute, r.result.failedRule)))));
          return;
        }
        show(status, loading('Saving your details'));
        const { data } = await sdk().updateContact(null, changes);
        for (const f of inputs) if (f.key in changes) f.current = changes[f.key]!;
        show(status, h('p', { class: 'ok', role: 'status', 'data-testid': 'account-saved' },
          `Saved${data.data?._updated_at ? ` (${fmtDateTime(data.data._updated_at)})` : ''}.`));
      } catch (error) {
        show(status, errorBox(error, undefined, settings.apiUrl));
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return form;
}

/** `#/account` */
export function accountScreen(view: HTMLElement): void {
  const body = h('div');
  view.replaceChildren(h('h1', null, 'Your account'), body);
  void load(body, 'Loading your details', () => sdk().getContact(), ({ data }) => {
    const c = data.entity;
    if (!c) return h('p', { class: 'empty' }, 'No contact is linked to your account.');
    return h('div', { class: 'grid two' },
      card('Your details', { 'data-testid': 'account-details' }, defs([
        ['Name', contactName(c)],
        ['Email', contactEmail(c)],
        ['Customer since', fmtDateTime(c._created_at)],
        ['Last change', fmtDateTime(c._updated_at)],
      ])),
      card('Change your name', { 'data-testid': 'account-edit' }, editForm(c)),
      securityCard(),
    );
  }, settings.apiUrl);
}
