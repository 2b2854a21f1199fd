/**
 * Injection tokens used inside the library only. They are not exported from the package, so apps
 * depend on the public classes and decorators instead.
 */
export const MOLTIN_AUTH_RESOLVED_OPTIONS = Symbol('MOLTIN_AUTH:RESOLVED_OPTIONS');
export const MOLTIN_AUTH_SCHEDULER_REGISTRY = Symbol('MOLTIN_AUTH:SCHEDULER_REGISTRY');
