import type { EmulatorState } from './emulator-state.js';

/** Request as the route handlers see it. */
export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Headers with lower-case names; repeated headers are joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-cased media type of the Content-Type header, without parameters. */
  readonly mediaType: string | undefined;
  /** Body as UTF-8 text; empty when there is none. */
  readonly bodyText: string;
}

/** Input of a route handler. */
export interface RouteContext {
  readonly request: EmulatorRequest;
  /** Decoded path parameters, e.g. `id` of `/v2/customers/:id`. */
  readonly params: Readonly<Record<string, string>>;
  readonly state: EmulatorState;
}
