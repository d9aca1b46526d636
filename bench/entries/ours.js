// Our package as an app imports it (pkg/ after scripts/package.mjs).
export { default, PortalClient } from '../../pkg/index.js';
