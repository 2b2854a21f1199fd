import type { IncomingMessage } from 'node:http';

/** Largest request body the emulator accepts; larger bodies get 413. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/**
 * Largest body the emulator reads and discards before it responds with 413. Draining a
 * moderately oversized body lets the client read the 413 instead of failing on a reset
 * connection. Past this size the emulator responds at once and closes the connection.
 */
export const MAX_DISCARDED_BODY_BYTES = 1024 * 1024;

/** Body read from a request. */
export type RequestBodyResult =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'tooLarge'; readonly drained: boolean };

/** Reads a request body of at most `MAX_REQUEST_BODY_BYTES` as UTF-8 text. */
export function readRequestBody(request: IncomingMessage): Promise<RequestBodyResult> {
  const declaredLength = Number(request.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > MAX_DISCARDED_BODY_BYTES) {
    return Promise.resolve({ kind: 'tooLarge', drained: false });
  }

  return new Promise<RequestBodyResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let receivedBytes = 0;

    const onData = (chunk: Buffer): void => {
      receivedBytes += chunk.length;
      if (receivedBytes > MAX_DISCARDED_BODY_BYTES) {
        cleanUp();
        request.pause();
        resolve({ kind: 'tooLarge', drained: false });
      } else if (receivedBytes <= MAX_REQUEST_BODY_BYTES) {
        chunks.push(chunk);
      }
    };
    const onEnd = (): void => {
      cleanUp();
      if (receivedBytes > MAX_REQUEST_BODY_BYTES) {
        resolve({ kind: 'tooLarge', drained: true });
      } else {
        resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') });
      }
    };
    const onError = (error: Error): void => {
      cleanUp();
      reject(error);
    };
    const onClose = (): void => {
      if (!request.complete) {
        cleanUp();
        reject(new Error('The client closed the connection before sending the whole request body.'));
      }
    };
    const cleanUp = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };

    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/** Returns the lower-cased media type of a Content-Type header without parameters. */
export function parseMediaType(contentType: string | undefined): string | undefined {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === '' ? undefined : mediaType;
}

/** Tells whether a media type is JSON: `application/json` or any `+json` type such as `application/vnd.api+json`. */
export function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType === 'application/json' || (mediaType?.endsWith('+json') ?? false);
}

/** Parses a body for the request log: form fields, JSON, raw text, or undefined when empty. */
export function parseBodyForRecord(text: string, mediaType: string | undefined): unknown {
  if (text.length === 0) {
    return undefined;
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (isJsonMediaType(mediaType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
