import './style.css';
import { isSignedIn, onPortalConfig, onSession, portalConfig, setNotice, settings, signedInUser, signOut, simulate, startSdk } from './portal';
import { errorBox, explain, h, show } from './ui';
import { accountScreen } from './screens/account';
import { contractScreen, contractsScreen } from './screens/contracts';
import { dashboardScreen } from './screens/dashboard';
import { metersScreen } from './screens/meters';
import { notificationBell } from './notifications';
import { ordersScreen } from './screens/orders';
import { signInScreen } from './screens/signin';
import { finishSsoRedirect } from './screens/signin-flows';

const root = document.getElementById('app')!;

// ---------- layout ------------------------------------------------------------------------
const brand = h('span', { class: 'brand-name', 'data-testid': 'brand' }, 'Customer Portal');
const NAV: Array<[string, string]> = [
  ['#/dashboard', 'Overview'],
  ['#/contracts', 'Contracts'],
  ['#/meters', 'Meter readings'],
  ['#/orders', 'Orders'],
  ['#/account', 'Account'],
];
const navLinks = NAV.map(([href, label]) => h('a', { href }, label));
const signOutButton = h('button', { type: 'button', class: 'link', 'data-testid': 'sign-out' }, 'Sign out');
const userLabel = h('span', { class: 'user', 'data-testid': 'signed-in-as' });
const nav = h('nav', { class: 'nav', 'aria-label': 'Main' }, navLinks, notificationBell(), userLabel, signOutButton);
const view = h('main', { id: 'view', tabindex: '-1' });
const banner = h('div', { class: 'global-error', role: 'alert', hidden: true });

signOutButton.addEventListener('click', () => {
  signOutButton.disabled = true;
  signOutButton.textContent = 'Signing out…';
  signOut()
    .then((result) => {
      // A password session: client.signOut() revoked the refresh token, or says why it could not.
      if (result && !result.revoked) {
        setNotice('You are signed out on this device, but the portal could not confirm the end of your session'
          + `${result.error ? ` (${result.error})` : ''}. If this is a shared computer, close the browser.`, true);
      } else {
        setNotice('You are signed out.');
      }
    })
    .catch((error: unknown) => setNotice(`You are signed out on this device. ${error instanceof Error ? error.message : ''}`, true))
    .finally(() => {
      signOutButton.disabled = false;
      signOutButton.textContent = 'Sign out';
      if (window.location.hash === '#/signin') route();
      else window.location.hash = '#/signin';
    });
});

function showUser(): void {
  const user = signedInUser();
  userLabel.textContent = user ? (user.email ?? user.username) : '';
  userLabel.hidden = !user;
}

function layout(): void {
  show(root,
    h('header', { class: 'top' }, h('a', { class: 'brand', href: '#/dashboard' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '◆'), brand), nav),
    simulate ? h('p', { class: 'simulate', 'data-testid': 'simulate' }, `Debug: the local API is asked to answer every call with HTTP ${simulate} (Prefer: code=${simulate}).`) : null,
    banner,
    view,
    h('footer', { class: 'foot' }, `API: ${settings.apiUrl} · powered by epilot-portal-sdk (WebAssembly)`),
  );
}

function showBanner(error: unknown): void {
  const e = explain(error, settings.apiUrl);
  banner.hidden = false;
  show(banner, h('strong', null, e.title), ' ', e.detail ?? '', ' ', e.advice, ' ',
    h('button', { type: 'button', class: 'link', onclick: () => { banner.hidden = true; } }, 'Dismiss'));
}

// Nothing may leave a blank screen: anything that escapes a screen ends up in this banner.
window.addEventListener('unhandledrejection', (ev) => showBanner(ev.reason));
window.addEventListener('error', (ev) => showBanner(ev.error ?? ev.message));

// ---------- routing -------------------------------------------------------------------------
function route(): void {
  const raw = window.location.hash.replace(/^#/, '') || '/dashboard';
  const [path = '/', qs = ''] = raw.split('?', 2);
  const query = new URLSearchParams(qs);
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const signedIn = isSignedIn();

  if (parts[0] !== 'signin' && !signedIn) {
    window.location.hash = '#/signin';
    return;
  }
  if (parts[0] === 'signin' && signedIn) {
    window.location.hash = '#/dashboard';
    return;
  }
  nav.hidden = !signedIn;
  showUser();
  for (const a of navLinks) {
    const active = `#/${parts[0] ?? ''}` === a.getAttribute('href');
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${brand.textContent} · ${parts[0] ?? ''}`;
  try {
    switch (parts[0]) {
      case 'signin': signInScreen(view); break;
      case 'dashboard': dashboardScreen(view); break;
      case 'contracts':
        if (parts[1]) contractScreen(view, parts[1]);
        else contractsScreen(view, query);
        break;
      case 'meters': metersScreen(view, query); break;
      case 'orders': ordersScreen(view); break;
      case 'account': accountScreen(view); break;
      default:
        show(view, h('h1', null, 'Page not found'), h('p', null, 'This address does not exist in the portal. ', h('a', { href: '#/dashboard' }, 'Go to the overview.')));
    }
  } catch (error) {
    show(view, h('h1', null, 'This page could not be shown'), errorBox(error, () => route(), settings.apiUrl));
  }
  view.dataset.route = parts[0] ?? '';
}

async function main(): Promise<void> {
  try {
    await startSdk();
  } catch (error) {
    show(root, h('main', { id: 'view' },
      h('h1', null, 'The portal could not start'),
      h('div', { class: 'error', role: 'alert' },
        h('p', { class: 'error-title' }, 'The portal’s WebAssembly module did not load.'),
        h('p', { class: 'error-detail' }, error instanceof Error ? error.message : String(error)),
        h('p', { class: 'error-advice' }, h('strong', null, 'What to do: '), 'Reload the page. If it keeps happening, your browser or network may block WebAssembly; try another browser.'))));
    return;
  }
  layout();
  // Branding: the portal's name from its public config (a failure is shown on the sign-in page).
  onPortalConfig((config) => {
    if (config.name) brand.textContent = config.name;
    brand.dataset.loaded = 'true';
  });
  portalConfig().catch(() => { /* shown where it matters (sign-in page) */ });
  onSession(showUser);
  // Back from the identity provider (?code=&state=): finish single sign-on first.
  const ssoProblem = await finishSsoRedirect();
  if (ssoProblem) {
    setNotice(ssoProblem, true);
    window.location.hash = '#/signin';
  }
  window.addEventListener('hashchange', route);
  route();
  root.dataset.ready = 'true';
}

void main();
