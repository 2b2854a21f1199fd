import { isIPv4, isIPv6 } from 'node:net';

import { Logger, Provider } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { MoltinAuthModuleOptions, ResolvedMoltinAuthOptions } from './interfaces/moltin-auth-module-options.interface.js';
import { DEFAULT_MOLTIN_BASE_URL, LEGACY_MOLTIN_BASE_URL } from './moltin-auth.constants.js';
import { MOLTIN_AUTH_RESOLVED_OPTIONS, MOLTIN_AUTH_SCHEDULER_REGISTRY } from './moltin-auth.internal-constants.js';
import { MoltinAuthMessages } from './moltin-auth.messages.js';
import { MOLTIN_AUTH_MODULE_OPTIONS } from './moltin-auth.module-definition.js';
import { MoltinClock, SystemClock } from './moltin-clock.js';
import { resolveMoltinAuthOptions } from './options/resolve-moltin-auth-options.js';

/**
 * Validates the options when the module is created, so a bad value fails application start-up.
 */
export const resolvedOptionsProvider: Provider = {
  provide: MOLTIN_AUTH_RESOLVED_OPTIONS,
  useFactory: (options: MoltinAuthModuleOptions): ResolvedMoltinAuthOptions => {
    const resolved = resolveMoltinAuthOptions(options);

    const logger = new Logger('MoltinAuthModule');

    if (resolved.baseUrl === LEGACY_MOLTIN_BASE_URL) {
      logger.warn(MoltinAuthMessages.legacyBaseUrl(resolved.baseUrl, DEFAULT_MOLTIN_BASE_URL));
    }

    if (isPlainHttpToRemoteHost(resolved.baseUrl)) {
      logger.warn(MoltinAuthMessages.plainHttpBaseUrl(resolved.baseUrl));
    }

    return resolved;
  },
  inject: [MOLTIN_AUTH_MODULE_OPTIONS],
};

/**
 * Tells whether a base URL sends credentials unencrypted to a host other than this machine.
 */
function isPlainHttpToRemoteHost(baseUrl: string): boolean {
  const { protocol, hostname } = new URL(baseUrl);

  return protocol === 'http:' && !isLoopbackHost(hostname);
}

/**
 * Tells whether a URL hostname names this machine: `localhost` or a name under it, an IPv4 address
 * in 127.0.0.0/8, `::1`, or an IPv4-mapped IPv6 address in 127.0.0.0/8.
 */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();

  if (host === 'localhost' || host.endsWith('.localhost')) {
    return true;
  }

  if (isIPv4(host)) {
    return host.startsWith('127.');
  }

  // WHATWG URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1, so 127.0.0.0/8 maps to ::ffff:7fxx:xxxx.
  return isIPv6(host) && (host === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host));
}

/**
 * Uses the app's `SchedulerRegistry` when it imports `ScheduleModule.forRoot()`, and a private
 * registry otherwise. The library never imports `ScheduleModule.forRoot()` itself, because each
 * extra import would start the app's cron jobs again.
 */
export const schedulerRegistryProvider: Provider = {
  provide: MOLTIN_AUTH_SCHEDULER_REGISTRY,
  useFactory: (appRegistry?: SchedulerRegistry) => appRegistry ?? new SchedulerRegistry(),
  inject: [{ token: SchedulerRegistry, optional: true }],
};

export const clockProvider: Provider = {
  provide: MoltinClock,
  useClass: SystemClock,
};
