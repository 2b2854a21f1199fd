import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

export const EMBEDDED_STORE = Symbol('EMBEDDED_STORE');

/**
 * Stops the embedded emulator, when the app started one, after the app has closed.
 */
@Injectable()
export class EmbeddedStoreLifecycle implements OnApplicationShutdown {
  constructor(@Optional() @Inject(EMBEDDED_STORE) private readonly emulator?: MoltinEmulator) {}

  async onApplicationShutdown(): Promise<void> {
    await this.emulator?.stop();
  }
}
