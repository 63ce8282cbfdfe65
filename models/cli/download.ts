/**
 * @module models/cli/download: fetches one file over HTTP(S) to disk with byte progress, a stall timeout,
 * and every failure (offline, not found, refused, cut off) turned into one `INKVERSE_E_PULL` sentence.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { InkverseError } from '../../protocol/errors.ts';

export interface DownloadOptions {
  url: string;
  /** File to write; it is created only once the server has answered 200. */
  dest: string;
  /** Give up when no byte arrives for this long (a half-open connection would otherwise hang forever). */
  stallTimeoutMs: number;
  onBytes: (received: number, total: number | null) => void;
  signal?: AbortSignal;
}

/** Connection-level failures: the host could not be reached at all. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The errno-style code buried in a fetch failure (undici nests it in `cause`, sometimes an AggregateError). */
export function networkCode(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) e = inner[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return null;
}

function pullError(message: string, cause?: unknown): InkverseError {
  return new InkverseError('INKVERSE_E_PULL', message, { cause });
}

/** What a download came to: the bytes written, or the status with which the host said the file is not there. */
export type DownloadResult = { bytes: number } | { missing: 401 | 403 | 404 };

/**
 * Downloads `url` to `dest`. A file the host does not have (404, or 401/403 as the Hugging Face hub answers
 * for absent repositories) is a result, not an error: the caller knows whether that file was optional.
 */
export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const { url, dest, stallTimeoutMs, onBytes, signal } = options;
  const controller = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, stallTimeoutMs);
  };
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const failure = (err: unknown, received: number | null): InkverseError => {
    if (signal?.aborted) return pullError('The pull was cancelled.', err);
    if (stalled) return pullError(`No data came from ${url} for ${Math.round(stallTimeoutMs / 1000)} s; the network or the host stalled. Run the pull again.`, err);
    const code = networkCode(err);
    if (received === null) {
      const host = new URL(url).host;
      if (code === null) {
        // Not a network condition (fetch refuses some ports, bad TLS setups, ...): say what it was.
        const cause = (err as { cause?: { message?: unknown } }).cause?.message;
        return pullError(`Could not connect to ${host}: ${typeof cause === 'string' ? cause : (err as Error).message}.`, err);
      }
      if (UNREACHABLE.has(code) || code === 'ECONNRESET') {
        return pullError(
          `Could not reach ${host} (${code}): this installation looks offline. Pull the model on a machine with internet and copy its folder into models/, or point --host (or INKVERSE_HUB) at a reachable mirror.`,
          err,
        );
      }
      return pullError(`Could not download ${url} (${code}).`, err);
    }
    return pullError(`The download of ${url} broke off after ${received} bytes${code ? ` (${code})` : ''}; run the pull again.`, err);
  };

  arm();
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      throw failure(err, null);
    }
    if (res.status === 404 || res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => undefined);
      return { missing: res.status };
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw pullError(`GET ${url} returned ${res.status} ${res.statusText}; the host refused the download.`);
    }
    // A compressed body is counted after decompression, so its content-length is no total to check against.
    const encoding = res.headers.get('content-encoding');
    const length = Number(res.headers.get('content-length'));
    const total = (!encoding || encoding === 'identity') && Number.isFinite(length) && length > 0 ? length : null;
    let received = 0;
    onBytes(0, total);
    try {
      await pipeline(
        Readable.fromWeb(res.body as unknown as NodeReadableStream<Uint8Array>),
        async function* count(source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            arm();
            received += chunk.length;
            onBytes(received, total);
            yield chunk;
          }
        },
        createWriteStream(dest),
      );
    } catch (err) {
      throw err instanceof InkverseError ? err : failure(err, received);
    }
    if (total !== null && received !== total) {
      throw pullError(`The download of ${url} ended after ${received} of ${total} bytes; run the pull again.`);
    }
    return { bytes: received };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
