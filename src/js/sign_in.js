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

// `importModule()` resolves with the (initialised) wasm module that exports `SignIn`: the
// package's index.js imports its sign-in module there (or gives its own module when sign-in
// is built in), the browser tests their own module.
export function installSignIn(PortalClient, PortalApiError, importModule) {
  let loading = null;
  const signIns = new WeakMap();
  const listeners = new WeakMap();
  const issuers = new WeakMap();

  const load = (operation) => {
    loading ??= importModule();
    return loading.catch((e) => {
      loading = null; // a later call tries again (e.g. back online)
      throw new PortalApiError('NETWORK', `the sign-in module could not be loaded: ${(e && e.message) || e}`, operation);
    });
  };

  const signInOf = async (client, operation) => {
    if (!signIns.has(client)) {
      const m = await load(operation);
      if (!signIns.has(client)) {
        const s = new m.SignIn(client);
        signIns.set(client, s);
        if (listeners.has(client)) s.onSessionChange(listeners.get(client));
        if (issuers.has(client)) s.setTotpIssuer(issuers.get(client));
        listeners.delete(client);
        issuers.delete(client);
      }
    }
    return signIns.get(client);
  };

  const define = (name, value) => Object.defineProperty(PortalClient.prototype, name, { value, writable: true, configurable: true });
  for (const name of ASYNC) {
    define(name, function (...args) {
      // Once the client has its SignIn, straight to it: what a method does at the call (signOut
      // clears the session before it returns) must not wait for a microtask.
      const s = signIns.get(this);
      if (!s) return signInOf(this, name).then((s) => s[name](...args));
      try {
        return s[name](...args);
      } catch (e) {
        return Promise.reject(e); // (a promise, as before the module was loaded)
      }
    });
  }
  // Synchronous: before the module is loaded there is no session.
  define('getSession', function () {
    return signIns.get(this)?.getSession() ?? null;
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
