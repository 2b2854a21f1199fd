import { Logger, ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';

import { AppModule } from './app.module';
import { startEmbeddedStore } from './embedded-store/embedded-store';
import { MoltinErrorFilter } from './moltin-error.filter';

const DEFAULT_PORT = 3000;

async function bootstrap(): Promise<void> {
  const emulator = process.env.MOLTIN_CLIENT_ID ? undefined : await startEmbeddedStore();
  const app = await NestFactory.create(AppModule.withEmbeddedStore(emulator));
  const port = Number(process.env.PORT ?? DEFAULT_PORT);

  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
  app.useGlobalFilters(new MoltinErrorFilter(app.get(HttpAdapterHost)));
  app.enableShutdownHooks();
  await app.listen(port);

  new Logger('Bootstrap').log(`Example app listening on http://localhost:${port}`);
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
