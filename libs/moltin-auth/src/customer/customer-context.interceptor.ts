import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';

import { MoltinRequestContext } from '../context/moltin-request-context.js';
import { readCustomerSession } from './customer-request.js';

/**
 * Runs the route handler inside a {@link MoltinRequestContext} that carries the customer token
 * `CustomerAuthGuard` validated, so outbound API calls made while handling the request send
 * `X-Moltin-Customer-Token`. Requests without a validated customer pass through unchanged.
 *
 * A guard cannot wrap the handler, hence this interceptor. Interceptors run after guards, so it
 * works both per route and as a global `APP_INTERCEPTOR`.
 */
@Injectable()
export class MoltinRequestContextInterceptor implements NestInterceptor {
  constructor(private readonly requestContext: MoltinRequestContext) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const session = context.getType() === 'http' ? readCustomerSession(context.switchToHttp().getRequest()) : undefined;

    if (!session) {
      return next.handle();
    }

    const store = { customerToken: session.token, customerId: session.customer.id };

    // Nest 11 binds the handler to the async context current when next.handle() is called
    // (AsyncResource.bind in InterceptorsConsumer), so the call must happen inside run().
    return new Observable((subscriber) => this.requestContext.run(store, () => next.handle().subscribe(subscriber)));
  }
}
