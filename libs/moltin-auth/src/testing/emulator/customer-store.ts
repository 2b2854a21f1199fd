import { randomUUID } from 'node:crypto';

import { validateCustomerSeed } from './emulator-options.js';
import type { CustomerSeed, EmulatorCustomer } from './moltin-emulator.interfaces.js';

/** In-memory customer records, indexed by id and by lower-cased email. */
export class CustomerStore {
  private readonly byId = new Map<string, EmulatorCustomer>();
  private readonly idByEmail = new Map<string, string>();

  /** Validates and stores a customer; throws if the id or email is already taken. */
  add(seed: CustomerSeed): EmulatorCustomer {
    const valid = validateCustomerSeed(seed);
    const customer: EmulatorCustomer = Object.freeze({
      id: valid.id ?? randomUUID(),
      name: valid.name,
      email: valid.email,
      password: valid.password,
    });

    const emailKey = customer.email.toLowerCase();
    if (this.byId.has(customer.id)) {
      throw new Error(`MoltinEmulator already has a customer with id "${customer.id}".`);
    }
    if (this.idByEmail.has(emailKey)) {
      throw new Error(`MoltinEmulator already has a customer with email "${customer.email}".`);
    }

    this.byId.set(customer.id, customer);
    this.idByEmail.set(emailKey, customer.id);
    return customer;
  }

  findById(id: string): EmulatorCustomer | undefined {
    return this.byId.get(id);
  }

  /** Finds a customer by email, ignoring case. */
  findByEmail(email: string): EmulatorCustomer | undefined {
    const id = this.idByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.byId.get(id);
  }

  list(): EmulatorCustomer[] {
    return [...this.byId.values()];
  }
}
