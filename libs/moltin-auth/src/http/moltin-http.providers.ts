import { ModuleMetadata, Provider } from '@nestjs/common';

import { MoltinBearerInterceptor } from './moltin-bearer.interceptor.js';
import { MoltinHttpService } from './moltin-http.service.js';

/**
 * Imports and providers of the outbound HTTP side (the Bearer interceptor and the API client),
 * added to `MoltinAuthModule`. `MoltinHttpService` builds its own axios instance, so no
 * `HttpModule` is imported and an app's own `HttpService` stays untouched until it opts in with
 * `MoltinBearerInterceptor.attachTo()`.
 */
export const moltinHttpImports: NonNullable<ModuleMetadata['imports']> = [];
export const moltinHttpProviders: Provider[] = [MoltinBearerInterceptor, MoltinHttpService];
export const moltinHttpExports: NonNullable<ModuleMetadata['exports']> = [MoltinBearerInterceptor, MoltinHttpService];
