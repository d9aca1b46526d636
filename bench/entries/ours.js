// Our package as an app imports it (pkg/ after scripts/package.mjs; run.mjs aliases the name
// to the package directory it measures).
export { default, PortalClient } from 'epilot-portal-sdk';
