// The customer: contact, portal user, notifications and campaign status.
import { missing, reply } from '../errors.mjs';
import { entitiesBySlug } from '../store.mjs';
import { merge, num } from './util.mjs';

function title(e) {
  const name = [e.first_name, e.last_name].filter((x) => typeof x === 'string' && x).join(' ');
  return name || e._title;
}

const byNewest = (a, b) => String(b.created_at).localeCompare(String(a.created_at));
const unread = (state) => state.notifications.filter((n) => !n.read).length;

export default {
  getContact: ({ state }) => ({ entity: state.contact }),
  updateContact: ({ state, body, now }) => {
    merge(state.contact, body, now);
    state.contact._title = title(state.contact);
    return { data: state.contact };
  },
  getPortalUser: ({ state }) => ({ data: state.portalUser }),
  // The sign-in email changes only through updatePortalUserEmail (with its confirmation).
  updatePortalUser: ({ state, body, now }) => ({ data: merge(state.portalUser, body, now, ['email', 'registration_status', 'contact_id']) }),

  listPortalNotifications: ({ state, query }) => {
    const all = [...state.notifications].sort(byNewest);
    const from = num(query, 'cursor', 0);
    const limit = Math.min(num(query, 'limit', 20) || 20, 100);
    const results = all.slice(from, from + limit);
    const out = { results, total_unread: unread(state) };
    if (from + limit < all.length) out.cursor = String(from + limit);
    return out;
  },
  getPortalNotificationsUnreadCount: ({ state }) => ({ count: unread(state) }),
  markPortalNotificationRead: ({ state, params }) => {
    const n = state.notifications.find((x) => String(x.notification_id) === params.id);
    if (!n) throw missing(`There is no notification ${params.id}.`);
    n.read = true;
    return reply(204);
  },
  markAllPortalNotificationsRead: ({ state }) => {
    for (const n of state.notifications) n.read = true;
    return reply(204);
  },
  updateNotificationsStatus: ({ state, body }) => {
    const items = body.notifications.map((u) => {
      const n = state.notifications.find((x) => x.id === u.id);
      if (!n) throw missing(`There is no notification ${u.id}.`);
      return [n, u.status];
    });
    for (const [n, status] of items) {
      if (status === 'read') n.read = true;
      else n.important = true;
    }
    return { message: `${items.length} notification${items.length === 1 ? '' : 's'} updated` };
  },

  updateCampaignPortalBlockStatus: ({ state, params, body, now }) => {
    const all = Object.values(entitiesBySlug(state)).flat();
    let updated = 0;
    for (const ref of body.entity_refs) {
      const e = all.find((x) => x._id === ref.entity_id);
      if (!e || e.counter) continue; // unknown, another customer's, or a counter (not an entity of its own)
      e.campaign_status = { ...(e.campaign_status ?? {}), [params.campaign_id]: { status: body.status, at: now } };
      updated += 1;
    }
    const total = body.entity_refs.length;
    return { success: updated === total, updated, failed: total - updated, total };
  },
};
