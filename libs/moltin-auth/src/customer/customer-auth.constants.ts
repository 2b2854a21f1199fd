/**
 * Metadata key that `@Public()` sets on a route or controller, so a global `CustomerAuthGuard`
 * lets requests to it through.
 */
export const MOLTIN_PUBLIC_ROUTE_KEY = 'moltin-auth:public-route';
