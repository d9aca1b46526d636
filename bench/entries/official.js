// @epilot/customer-portal-client: the official per-API client (openapi-client-axios + axios).
export { getClient } from '@epilot/customer-portal-client';
