import { ConfigurableModuleBuilder } from '@nestjs/common';

import { MoltinAuthModuleOptions } from './interfaces/moltin-auth-module-options.interface.js';

/**
 * Extra options of `forRoot()` and `forRootAsync()` that shape the module, not the tokens.
 */
export interface MoltinAuthModuleExtras {
  /**
   * Registers the module globally, so feature modules can inject its providers without importing
   * it.
   * @default false
   */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableMoltinAuthModule,
  MODULE_OPTIONS_TOKEN: MOLTIN_AUTH_MODULE_OPTIONS,
  OPTIONS_TYPE: MOLTIN_AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MOLTIN_AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MoltinAuthModuleOptions>({ moduleName: 'MoltinAuth' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMoltinAuthOptions')
  .setExtras<MoltinAuthModuleExtras>({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Argument of `MoltinAuthModule.forRootAsync()`. */
export type MoltinAuthModuleAsyncOptions = typeof MOLTIN_AUTH_ASYNC_OPTIONS_TYPE;
