import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { MoltinAuthModule } from 'nestjs-moltin-auth';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

import { AccountController } from './account/account.controller';
import { AuthController } from './auth/auth.controller';
import { moltinConfig } from './config/moltin.config';
import { EMBEDDED_STORE, EmbeddedStoreLifecycle } from './embedded-store/embedded-store.lifecycle';
import { HealthController } from './health/health.controller';
import { ProductsController } from './products/products.controller';
import { ProductsService } from './products/products.service';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [moltinConfig] }),
    ScheduleModule.forRoot(),
    MoltinAuthModule.forRootAsync({
      isGlobal: true,
      inject: [moltinConfig.KEY],
      useFactory: (config: ConfigType<typeof moltinConfig>) => config,
    }),
  ],
  controllers: [ProductsController, AuthController, AccountController, HealthController],
  providers: [ProductsService, EmbeddedStoreLifecycle],
})
export class AppModule {
  /**
   * Builds the app with the embedded emulator it should stop on shutdown, if it started one.
   */
  static withEmbeddedStore(emulator?: MoltinEmulator): DynamicModule {
    return {
      module: AppModule,
      providers: emulator ? [{ provide: EMBEDDED_STORE, useValue: emulator }] : [],
    };
  }
}
