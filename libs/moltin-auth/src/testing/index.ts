export * from './emulator/index.js';
export { ManualClock } from './manual-clock.js';
export { MoltinAuthTestHarness } from './moltin-auth-test-harness.js';
export { MoltinAuthTestingModule } from './moltin-auth-testing.module.js';
export type { MoltinAuthFakeTokensOptions, MoltinAuthTestingOptions } from './moltin-auth-testing.module.js';
export {
  DEFAULT_FAKE_ACCESS_TOKENS,
  DEFAULT_FAKE_BASE_URL,
  FakeMoltinTokenService,
  createFakeTokenService,
} from './fake-token-service.js';
export type { FakeTokenServiceCall, FakeTokenServiceOptions } from './fake-token-service.js';
export {
  DEFAULT_FAKE_CUSTOMER_TOKEN,
  FakeCustomerAuthGuard,
  createFakeCustomerAuthGuard,
} from './fake-customer-auth-guard.js';
export type { FakeCustomer, FakeCustomerAuthGuardOptions } from './fake-customer-auth-guard.js';
