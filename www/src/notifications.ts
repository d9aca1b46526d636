// The header's notifications bell: the unread count (getPortalNotificationsUnreadCount), the list
// (listPortalNotifications, a batch at a time by cursor), one notification marked as read
// (markPortalNotificationRead, by its numeric notification_id) or all of them
// (markAllPortalNotificationsRead). Self-contained: main.ts only places the element.
import type { PortalNotification } from 'epilot-portal-sdk';
import './notifications.css';
import { isSignedIn, onSession, sdk, settings } from './portal';
import { errorBox, fmtDateTime, h, loading, show, svg } from './ui';

const BATCH = 10;
const REFRESH_MS = 60_000;

/** The text in the reader's language (German when the browser prefers it), else the other one. */
function localized(text: { en?: string; de?: string } | undefined): string {
  if (!text) return '';
  const german = typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('de');
  return (german ? text.de ?? text.en : text.en ?? text.de) ?? '';
}

/** Only http(s) links (absolute or relative to the portal) become links: never `javascript:`. */
export function safeLink(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A bell drawn as SVG (an emoji needs a font the system may not have). */
function bellIcon(): SVGSVGElement {
  return svg('svg', { class: 'bell-icon', viewBox: '0 0 24 24', width: 18, height: 18, 'aria-hidden': 'true', focusable: 'false' },
    svg('path', { d: 'M12 3a6 6 0 0 0-6 6v3.6L4.3 16h15.4L18 12.6V9a6 6 0 0 0-6-6z', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8, 'stroke-linejoin': 'round' }),
    svg('path', { d: 'M10 19a2 2 0 0 0 4 0', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8, 'stroke-linecap': 'round' }));
}

export function notificationBell(): HTMLElement {
  let unread: number | null = null;
  let cursor: string | undefined;
  let open = false;

  const badge = h('span', { class: 'bell-count', 'data-testid': 'notifications-unread', hidden: true });
  const button = h('button', { type: 'button', class: 'bell', 'aria-haspopup': 'true', 'aria-expanded': 'false', 'aria-controls': 'notifications-panel', 'data-testid': 'notifications-bell' },
    bellIcon(), badge);
  const list = h('ul', { class: 'notifications-list', 'data-testid': 'notifications-list' });
  const status = h('div', { class: 'notifications-status' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-testid': 'notifications-more' }, 'Show more');
  const markAll = h('button', { type: 'button', class: 'link', 'data-testid': 'notifications-read-all' }, 'Mark all as read');
  const panel = h('div', { id: 'notifications-panel', class: 'notifications-panel', role: 'region', 'aria-label': 'Notifications', hidden: true },
    h('div', { class: 'notifications-head' }, h('strong', null, 'Notifications'), markAll), list, status, more);
  const root = h('div', { class: 'bell-wrap', 'data-testid': 'notifications' }, button, panel);

  const setUnread = (n: number | null) => {
    unread = n === null ? null : Math.max(0, n);
    badge.hidden = !unread;
    badge.textContent = unread ? (unread > 99 ? '99+' : String(unread)) : '';
    badge.dataset.count = String(unread ?? '');
    button.setAttribute('aria-label', unread === null ? 'Notifications' : `Notifications, ${unread} unread`);
    markAll.disabled = unread === 0;
  };

  const refreshCount = async () => {
    if (!isSignedIn()) return;
    try {
      const { data } = await sdk().getPortalNotificationsUnreadCount();
      setUnread(typeof data.count === 'number' ? data.count : 0);
    } catch {
      setUnread(null); // the bell stays usable; the list shows the error when opened
    }
  };

  const item = (n: PortalNotification): HTMLElement => {
    const li = h('li', { class: n.read ? 'read' : 'unread', 'data-testid': 'notification' });
    const title = localized(n.title) || 'Notification';
    const link = safeLink(n.redirect_url);
    const id = n.notification_id;
    const mark = !n.read && typeof id === 'number' && Number.isInteger(id)
      ? h('button', { type: 'button', class: 'link', 'data-testid': 'notification-read' }, 'Mark as read')
      : null;
    mark?.addEventListener('click', () => {
      mark.disabled = true;
      sdk().markPortalNotificationRead({ id: id! })
        .then(() => {
          n.read = true;
          li.className = 'read';
          mark.remove();
          if (unread !== null) setUnread(unread - 1);
        })
        .catch((error: unknown) => {
          mark.disabled = false;
          show(status, errorBox(error, undefined, settings.apiUrl));
        });
    });
    show(li,
      h('p', { class: 'notification-title' }, link ? h('a', { href: link, rel: 'noopener noreferrer' }, title) : title),
      localized(n.message) ? h('p', { class: 'notification-message' }, localized(n.message)) : null,
      h('p', { class: 'muted' }, n.created_at ? fmtDateTime(n.created_at) : '', mark));
    return li;
  };

  const loadBatch = async (first: boolean) => {
    more.disabled = true;
    show(status, loading('Loading notifications'));
    try {
      const { data } = await sdk().listPortalNotifications(first ? { limit: BATCH } : { limit: BATCH, cursor });
      if (first) list.replaceChildren();
      const results = data.results ?? [];
      for (const n of results) list.appendChild(item(n));
      // another batch only when the server gave a new cursor and this batch was full
      const nextCursor = data.cursor || undefined;
      more.hidden = !nextCursor || nextCursor === cursor || results.length < BATCH;
      cursor = nextCursor;
      show(status, list.children.length === 0 ? h('p', { class: 'empty' }, 'No notifications.') : null);
    } catch (error) {
      show(status, errorBox(error, () => void loadBatch(first), settings.apiUrl));
    } finally {
      more.disabled = false;
    }
  };

  const setOpen = (value: boolean) => {
    open = value;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      cursor = undefined;
      void loadBatch(true);
      void refreshCount(); // the badge comes from the unread count, fresh when the list opens
    }
  };

  button.addEventListener('click', () => setOpen(!open));
  more.addEventListener('click', () => void loadBatch(false));
  markAll.addEventListener('click', () => {
    markAll.disabled = true;
    sdk().markAllPortalNotificationsRead()
      .then(() => {
        setUnread(0);
        for (const li of list.querySelectorAll('li.unread')) {
          li.className = 'read';
          li.querySelector('[data-testid="notification-read"]')?.remove();
        }
      })
      .catch((error: unknown) => {
        markAll.disabled = false;
        show(status, errorBox(error, undefined, settings.apiUrl));
      });
  });
  document.addEventListener('keydown', (ev) => { if (open && ev.key === 'Escape') { setOpen(false); button.focus(); } });
  document.addEventListener('click', (ev) => { if (open && ev.target instanceof Node && !root.contains(ev.target)) setOpen(false); });

  // the count follows the session: fetched on sign-in (password: the session event; token: the
  // next page change), cleared on sign-out, refreshed every minute while the tab is visible
  const clear = () => {
    setUnread(null);
    setOpen(false);
    list.replaceChildren();
  };
  onSession((session) => { if (session || isSignedIn()) void refreshCount(); else clear(); });
  window.addEventListener('hashchange', () => {
    if (!isSignedIn()) clear();
    else if (unread === null) void refreshCount();
  });
  window.setInterval(() => { if (document.visibilityState === 'visible') void refreshCount(); }, REFRESH_MS);
  setUnread(null);
  void refreshCount();
  return root;
}
