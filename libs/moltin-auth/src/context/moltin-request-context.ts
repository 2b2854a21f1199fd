import { AsyncLocalStorage } from 'node:async_hooks';

import { Injectable } from '@nestjs/common';

/**
 * Data the library keeps about the incoming request being handled.
 */
export interface MoltinRequestContextStore {
  /** Customer token that `CustomerAuthGuard` has validated for this request. */
  customerToken?: string;
  /** Customer ID behind that token. */
  customerId?: string;
}

/**
 * Async-local context of the incoming request, so that outbound calls to the API made while
 * handling it can carry the shopper's customer token. Outside any request it is empty.
 */
@Injectable()
export class MoltinRequestContext {
  private readonly storage = new AsyncLocalStorage<MoltinRequestContextStore>();

  /**
   * Runs `callback` with `store` as the current context; the context ends when the callback and
   * everything it started asynchronously have finished.
   */
  run<T>(store: MoltinRequestContextStore, callback: () => T): T {
    return this.storage.run(store, callback);
  }

  /** Returns the current request's context, or `undefined` outside any request. */
  current(): MoltinRequestContextStore | undefined {
    return this.storage.getStore();
  }
}
