// The sign-in API of `PortalClient` (configureAuth, signIn, completeSignIn, signOut,
// onSessionChange, getSession, getAccessToken, refreshSession, forgotPassword,
// confirmForgotPassword, register, confirmRegistration, and the other flows: signInCustom,
// signInWithSso, TOTP, MFA preferences, attributes, changePassword, remembered devices). Its
// code is the `SignIn` class of a wasm module (src/cognito/js_signin.rs): in the npm package a
// separate one (sign-in/), imported on the first call of one of these methods, so a page that
// never signs in never downloads it. Each client gets one `SignIn`, which drives the client
// through its public methods (authorize, onUnauthorized, operations).
// scripts/package.mjs copies this file into the package and index.js calls installSignIn.

const ASYNC = [
  'configureAuth', 'signIn', 'completeSignIn', 'signOut', 'getAccessToken', 'refreshSession', 'forgotPassword', 'confirmForgotPassword',
  'register', 'confirmRegistration', 'signInCustom', 'signInWithSso', 'setUpTotp', 'verifyTotp', 'setMfaPreference', 'changePassword',
  'getUserAttributes', 'updateUserAttributes', 'confirmUserAttribute', 'sendUserAttributeCode', 'rememberDevice', 'forgetDevice',
  'hasRememberedDevice',
];

// A portal's sign-in page needs less: a `signIn` with email and password on a client whose
// configureAuth the core answered and that holds no session goes to the package's password module
// (password/, src/cognito/password.rs), which proves the password and keeps the session in
// storage; the core then holds it as after a page load. Whatever else Cognito answers (a
// challenge, a device it tracks) the sign-in module takes over (`__continueSignIn`).

// `importModule()` resolves with the (initialised) wasm module that exports `SignIn`: the
// package's index.js imports its sign-in module there (or gives its own module when sign-in
// is built in), the browser tests their own module. `importPassword()`, when given, resolves
// with the password module (`signInWithPassword`).
export function installSignIn(PortalClient, PortalApiError, importModule, importPassword) {
  const signIns = new WeakMap();
  const listeners = new WeakMap();
  const issuers = new WeakMap();
  // The options of a configureAuth the core answered itself (PortalClient.__restoreSession,
  // src/js/session.rs: a stored session restored, refreshed if stale, without this module; their
  // `storage` is the browser storage it used), and the restore while it runs. The module takes
  // them over when it is loaded.
  const configured = new WeakMap();
  const restoring = new WeakMap();
  const restored = new WeakMap(); // the session the core restored (getSession)
  const keys = new WeakMap(); // the storage key the core looked under (its storage: the options')
  const storageListeners = new WeakMap();
  const signOuts = new WeakMap(); // how many signOut calls a client had (a sign-in they cancel)
  // The password module's sign-in of the session the core holds: { answer, login }, for the module.
  const signedInHere = new WeakMap();

  /** `(operation) => module`: `importer()` once, again after a failure (e.g. back online). */
  const loader = (importer, what) => {
    let loading = null;
    return (operation) => {
      loading ??= importer();
      return loading.catch((e) => {
        loading = null;
        throw new PortalApiError('NETWORK', `the ${what} could not be loaded: ${(e && e.message) || e}`, operation);
      });
    };
  };
  const load = loader(importModule, 'sign-in module');
  const loadPassword = importPassword && loader(importPassword, 'password module');

  const textOf = (value) => {
    try {
      return JSON.stringify(value);
    } catch {
      return undefined; // (a BigInt or a cycle: not options the core answered)
    }
  };

  const emit = (client, reason, session) => listeners.get(client)?.({ reason, session });

  const stopWatching = (client) => {
    restored.delete(client);
    const listener = storageListeners.get(client);
    if (listener) removeEventListener('storage', listener);
    storageListeners.delete(client);
  };

  // The client's SignIn, created on first use. A session the core restored is taken over by value,
  // with the options it was restored under.
  const signInOf = async (client, operation) => {
    await restoring.get(client);
    if (!signIns.has(client)) {
      const m = await load(operation);
      if (!signIns.has(client)) {
        const s = new m.SignIn(client);
        signIns.set(client, s);
        if (configured.has(client)) {
          stopWatching(client);
          const stored = client.__handOver(false);
          const signedIn = signedInHere.get(client) ?? null;
          signedInHere.delete(client);
          if (!s.__adopt(configured.get(client), stored ?? null, signedIn) && stored) {
            client.authorize(null);
            client.onUnauthorized(null);
          }
          configured.delete(client);
        }
        if (listeners.has(client)) s.onSessionChange(listeners.get(client));
        if (issuers.has(client)) s.setTotpIssuer(issuers.get(client));
        listeners.delete(client);
        issuers.delete(client);
      }
    }
    return signIns.get(client);
  };

  // A configureAuth the core answered. Its session (if restored): the token while fresh, then the
  // module's (which refreshes); a 401 hands it to the module. With localStorage the key is watched
  // as the module's own tab sync watches it: another tab's sign-out ends the session here, and a
  // session another tab wrote (a sign-in, a refresh) is taken by the module.
  const follow = (client, { session, storage, key }) => {
    if (session) {
      restored.set(client, session);
      client.authorize(() => client.__sessionToken() ?? signInOf(client, 'getAccessToken').then((s) => s.__bearer()));
      client.onUnauthorized(() => signInOf(client, 'refreshSession').then((s) => s.refreshSession()));
    }
    if (storage !== 'localStorage') return;
    const listener = (e) => {
      if (e.storageArea !== localStorage || (e.key !== null && e.key !== key)) return;
      if (e.newValue === null) {
        if (!restored.has(client)) return; // no session here to end
        restored.delete(client);
        signedInHere.delete(client);
        client.__handOver(true);
        client.onUnauthorized(null);
        emit(client, 'signedOut', null);
      } else {
        stopWatching(client);
        signInOf(client, 'configureAuth').then((s) => s.__otherTab(e.key)).catch(() => {});
      }
    };
    storageListeners.set(client, listener);
    addEventListener('storage', listener);
  };

  const configureAuth = function (options) {
    // (It resolves with undefined when the module must answer; it does not reject.)
    const restore = this.__restoreSession(options).catch(() => undefined).then((r) => {
      restoring.delete(this);
      if (r === undefined) return signInOf(this, 'configureAuth').then((s) => s.configureAuth(options));
      configured.set(this, { ...options }); // (a copy: the caller may change its object later)
      keys.set(this, r.key);
      const { key, ...result } = r;
      follow(this, r);
      if (r.session) emit(this, 'restored', r.session);
      return result;
    });
    restoring.set(this, restore);
    return restore;
  };

  // signIn with the password module (see the top): the sign-in module's signIn when it is not
  // this module's to do, or takes over what Cognito answered.
  const passwordSignIn = async (client, input) => {
    await restoring.get(client);
    const options = configured.get(client);
    const viaModule = () => signInOf(client, 'signIn').then((s) => s.signIn(input));
    if (signIns.has(client) || !options || restored.has(client)) return viaModule();
    const count = signOuts.get(client) ?? 0;
    const wanted = () => (signOuts.get(client) ?? 0) === count; // no signOut since it began
    const m = await loadPassword('signIn');
    const r = await m.signInWithPassword(options, input, options.storage, keys.get(client), wanted);
    if (r === undefined) return viaModule();
    if (r.kept && !signIns.has(client) && configured.get(client) === options) {
      // The session is in storage: held by the core as after a page load.
      const held = await client.__restoreSession(options).catch(() => undefined);
      if (held?.session && wanted()) {
        stopWatching(client);
        signedInHere.set(client, { answer: r.answer, login: r.login });
        follow(client, held);
        emit(client, 'signedIn', held.session);
        return { kind: 'signedIn', session: held.session };
      }
      if (held?.session) client.__handOver(true); // a signOut came meanwhile: gone again
    }
    // The sign-in module goes on from Cognito's answer (and rejects if a signOut came meanwhile).
    return signInOf(client, 'signIn').then((s) => s.__continueSignIn(r.answer, r.username, r.login, wanted));
  };

  const define = (name, value) => Object.defineProperty(PortalClient.prototype, name, { value, writable: true, configurable: true });
  for (const name of ASYNC) {
    define(name, function (...args) {
      if (name === 'signOut') signOuts.set(this, (signOuts.get(this) ?? 0) + 1);
      // Once the client has its SignIn, straight to it: what a method does at the call (signOut
      // clears the session before it returns) must not wait for a microtask.
      const s = signIns.get(this);
      if (!s) {
        // The first configureAuth of a client: the core restores a stored session itself.
        if (name === 'configureAuth' && !configured.has(this) && !restoring.has(this) && this.__restoreSession) {
          return configureAuth.apply(this, args);
        }
        const conf = configured.get(this);
        // The same options again (a component configuring on every render): answered as the
        // module answers it, from the session the core holds.
        if (name === 'configureAuth' && conf && textOf(args[0]) === textOf(conf)) {
          const session = restored.get(this) ?? null;
          return Promise.resolve({ session, source: session ? 'current' : 'none', storage: conf.storage });
        }
        // The access token while it is fresh (the core gives the bearer: the access token unless
        // `bearer: 'idToken'`); a stale one is the module's, which refreshes it.
        const fresh = name === 'getAccessToken' && conf && conf.bearer !== 'idToken' ? this.__sessionToken() : undefined;
        if (fresh !== undefined) return Promise.resolve(fresh);
        if (name === 'signIn' && loadPassword && (configured.has(this) || restoring.has(this))) return passwordSignIn(this, args[0]);
        // Signing out a session the core restored: gone from here and its storage at the call,
        // then taken over and signed out (revoked) by the module in one step.
        const stored = name === 'signOut' && configured.has(this) ? this.__handOver(true) : undefined;
        if (stored) {
          const options = configured.get(this);
          stopWatching(this);
          signedInHere.delete(this);
          return signInOf(this, name).then((s) => (s.__adopt(options, stored, null), s.signOut(...args)));
        }
        return signInOf(this, name).then((s) => s[name](...args));
      }
      try {
        return s[name](...args);
      } catch (e) {
        return Promise.reject(e); // (a promise, as before the module was loaded)
      }
    });
  }
  // Synchronous: before the module is loaded there is no session but one the core restored.
  define('getSession', function () {
    const s = signIns.get(this);
    return s ? s.getSession() : (restored.get(this) ?? null);
  });
  define('setTotpIssuer', function (issuer) {
    const s = signIns.get(this);
    if (s) return s.setTotpIssuer(issuer);
    if (typeof issuer !== 'string') throw new PortalApiError('INVALID_INPUT', 'setTotpIssuer takes a string');
    issuers.set(this, issuer);
  });
  define('onSessionChange', function (listener) {
    const s = signIns.get(this);
    if (s) return s.onSessionChange(listener);
    if (listener !== null && listener !== undefined && typeof listener !== 'function') {
      throw new PortalApiError('INVALID_INPUT', 'onSessionChange takes a function or null');
    }
    if (listener) listeners.set(this, listener);
    else listeners.delete(this);
  });
}
