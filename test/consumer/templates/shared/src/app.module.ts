import { DynamicModule, Module } from '@nestjs/common';
import { MoltinAuthModule } from 'nestjs-moltin-auth';
import type { MoltinAuthModuleOptions } from 'nestjs-moltin-auth';

import { StorefrontController } from './storefront.controller.js';

@Module({ controllers: [StorefrontController] })
export class StorefrontModule {}

@Module({})
export class AppModule {
  /** Builds the app with the given Moltin options, read asynchronously as a real app would. */
  static forRoot(options: MoltinAuthModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [MoltinAuthModule.forRootAsync({ isGlobal: true, useFactory: async () => options }), StorefrontModule],
    };
  }
}
