/**
 * Invalid module options, thrown while the application starts. The message names each invalid
 * option and how to fix it, and never contains the client secret.
 */
export class MoltinAuthConfigError extends Error {
  override readonly name = 'MoltinAuthConfigError';

  constructor(readonly problems: string[]) {
    super(`Invalid MoltinAuthModule options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
