const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of the given secrets in `text` with `[redacted]`. Used on text that
 * comes from outside the library, such as an API error detail, before it reaches a log or an error.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let redacted = text;

  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      redacted = redacted.split(secret).join(REDACTED);
    }
  }

  return redacted;
}
