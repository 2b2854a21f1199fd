import { ConsoleLogger, LoggerService } from '@nestjs/common';

/**
 * Logger that records every line Nest's `Logger` writes, so tests can assert on log content.
 * Pass it to `Test.createTestingModule(...).setLogger(logger)`.
 */
export class CapturingLogger extends ConsoleLogger implements LoggerService {
  readonly lines: string[] = [];

  constructor() {
    super('test', { logLevels: ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'] });
  }

  override log(message: unknown, ...rest: unknown[]): void {
    this.record('log', message, rest);
  }

  override error(message: unknown, ...rest: unknown[]): void {
    this.record('error', message, rest);
  }

  override warn(message: unknown, ...rest: unknown[]): void {
    this.record('warn', message, rest);
  }

  override debug(message: unknown, ...rest: unknown[]): void {
    this.record('debug', message, rest);
  }

  override verbose(message: unknown, ...rest: unknown[]): void {
    this.record('verbose', message, rest);
  }

  /** Returns the recorded lines that came from the given logger context. */
  from(context: string): string[] {
    return this.lines.filter((line) => line.includes(`[${context}]`));
  }

  private record(level: string, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : '';
    const text = typeof message === 'string' ? message : JSON.stringify(message);

    this.lines.push(`${level} [${context}] ${text} ${rest.slice(0, -1).map((part) => JSON.stringify(part)).join(' ')}`);
  }
}
