// @epilot/sdk: the customer-portal entry of the official all-APIs SDK.
export { getClient } from '@epilot/sdk/customer-portal';
