// Business partners of the customer (people given access to the account): list, invite, resend,
// disable / enable access, revoke.
import { randomUUID } from 'node:crypto';
import { conflict } from '../errors.mjs';
import { find } from './util.mjs';

const first = (v) => (Array.isArray(v) ? v[0] : v);

export default {
  listBusinessPartners: ({ state }) => ({ data: state.partners }),
  invitePartner: ({ state, body }) => {
    const email = body.email.trim().toLowerCase();
    if (state.partners.some((p) => p.email?.toLowerCase() === email)) throw conflict(`${email} is already a partner of this account.`);
    const data = body.contact_data ?? {};
    const partner = {
      _id: randomUUID(), email, has_portal_user: false, registration_status: 'Confirmation Email Sent', access_status: true,
      first_name: first(data.first_name), last_name: first(data.last_name),
    };
    partner._title = [partner.first_name, partner.last_name].filter(Boolean).join(' ') || email;
    state.partners.push(partner);
    return { message: `Invitation sent to ${email}` };
  },
  resendPartnerInvitation: ({ state, params }) => {
    const p = find(state.partners, params.partner_id, 'partner');
    if (p.registration_status === 'Registered') throw conflict(`${p.email} has already registered.`);
    return { message: `Invitation sent again to ${p.email}` };
  },
  disablePartner: ({ state, params }) => {
    find(state.partners, params.partner_id, 'partner').access_status = false;
    return { message: 'Access disabled' };
  },
  enablePartner: ({ state, params }) => {
    find(state.partners, params.partner_id, 'partner').access_status = true;
    return { message: 'Access enabled' };
  },
  revokePartner: ({ state, params }) => {
    const p = find(state.partners, params.partner_id, 'partner');
    state.partners.splice(state.partners.indexOf(p), 1);
    return { message: 'Access revoked' };
  },
};
