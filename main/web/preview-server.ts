import { UserError, message, type Result } from '@shared/messages';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WEB_TOKEN_HEADER } from '@shared/ipc/channels';
import { isInvokeName, dispatch } from '@shared/ipc/dispatch';
import type { EventPayloads } from '@shared/ipc/contract';
import { decodeWire, encodeWire } from '@shared/ipc/wire';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { createBackend, type Backend } from '../ipc/backend';
import { MAX_SESSION_FILE_BYTES } from '../services/session-db';
import type { SessionThreadFactory } from '../services/session-thread-client';
import type { WorkerFactory } from '../services/job-supervisor';
import { readStatic } from '../services/static-files';

/** Node's own base64 for the bridge's typed arrays (grids and path batches, hundreds of kB). */
const nodeBase64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export interface PreviewServerOptions {
  port: number;
  dataDir: string;
  /** The folder the page may read and write files in (it names them by path); the data folder by default. */
  filesDir?: string;
  rendererDir: string;
  appVersion: string;
  createWorker: WorkerFactory;
  sessionThread: SessionThreadFactory;
  log?: (message: string, error?: unknown) => void;
}

export interface PreviewServer {
  readonly url: string;
  readonly backend: Backend;
  close(): Promise<void>;
}

/** The largest request the bridge reads: a chart image at 4× (a few MB of base64) fits. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sameToken(expected: Buffer, given: string | null | undefined): boolean {
  if (!given) return false;
  const candidate = Buffer.from(given);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** Past this much, an oversized body is no longer read through to its end: the socket is closed. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

/**
 * A request's body, or undefined past MAX_BODY_BYTES. An oversized body is read to its end (and
 * dropped) so the page gets its answer in words: a socket closed mid-upload reads as "not reachable".
 */
function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DISCARDED_BYTES) request.destroy();
      else if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(undefined));
  });
}

/** Where a dropped file waits while it is opened (removed after; a killed server's at the next start). */
const DROPPED_PREFIX = 'dropped-';

/** A dropped file's name as the page gave it, made one safe path segment (it names the file in messages). */
function droppedName(given: string | null): string {
  const base = (given ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const clean = base.replace(/[\u0000-\u001f<>:"|?*]/g, '').slice(0, 200);
  return clean && clean !== '.' && clean !== '..' ? clean : 'dropped.dlab';
}

/**
 * Streams a dropped file's bytes to a fresh folder in the data folder, never holding them in
 * memory, and refuses more than a session file may be.
 */
async function receiveDrop(
  request: http.IncomingMessage,
  dataDir: string,
  name: string,
): Promise<Result<{ file: string; folder: string }>> {
  const tooLarge = {
    ok: false as const,
    error: message('file.tooLarge', { name, limit: MAX_SESSION_FILE_BYTES / 1024 ** 2 }),
  };
  if (Number(request.headers['content-length'] ?? 0) > MAX_SESSION_FILE_BYTES) return tooLarge;
  const folder = await fs.mkdtemp(path.join(dataDir, DROPPED_PREFIX));
  const file = path.join(folder, name);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > MAX_SESSION_FILE_BYTES ? new RangeError('too large') : null, chunk);
    },
  });
  try {
    await pipeline(request, limit, createWriteStream(file, { flags: 'wx' }));
    return { ok: true, value: { file, folder } };
  } catch (error) {
    await fs.rm(folder, { recursive: true, force: true });
    if (error instanceof RangeError) return tooLarge;
    return {
      ok: false,
      error: message('file.unreadable', { name, code: (error as NodeJS.ErrnoException).code ?? 'aborted' }),
    };
  }
}

/**
 * The web target: the built renderer and the very same main-side services (real worker
 * processes, real files) behind a loopback HTTP bridge. Only 127.0.0.1 is bound; every API call
 * must carry the per-launch token, the Host header must be ours (no DNS rebinding) and requests
 * must be JSON (so a cross-origin page cannot send them without a preflight we never grant).
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const token = randomBytes(32).toString('hex');
  const expected = Buffer.from(token);
  const clients = new Set<http.ServerResponse>();
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const emit = <N extends keyof EventPayloads>(name: N, payload: EventPayloads[N]): void => {
    const frame = `event: ${name}\ndata: ${encodeWire(payload, nodeBase64)}\n\n`;
    for (const client of clients) client.write(frame);
  };
  const stale = await fs.readdir(options.dataDir).catch(() => [] as string[]);
  for (const name of stale.filter((entry) => entry.startsWith(DROPPED_PREFIX)))
    await fs.rm(path.join(options.dataDir, name), { recursive: true, force: true });
  const backend = await createBackend({
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    createWorker: options.createWorker,
    sessionThread: options.sessionThread,
    emit,
    log,
    confineFilesTo: options.filesDir ?? options.dataDir,
  });

  let origin = '';
  /** The page's own origins: the URL printed (127.0.0.1), or the same port as localhost. */
  const origins = new Set<string>();
  const allowedHosts = new Set<string>();

  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      log('Web preview request failed', error);
      if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS);
      response.end();
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      response.writeHead(421, SECURITY_HEADERS).end('Misdirected request');
      return;
    }
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/api/events' && request.method === 'GET') {
      if (!sameToken(expected, url.searchParams.get('token'))) {
        response.writeHead(403, SECURITY_HEADERS).end();
        return;
      }
      response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      response.write(': connected\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    const invoke = /^\/api\/invoke\/([A-Za-z]+)$/.exec(url.pathname);
    const drop = url.pathname === '/api/drop';
    if (invoke || drop) {
      if (request.method !== 'POST') {
        response.writeHead(405, SECURITY_HEADERS).end();
        return;
      }
      const fromOrigin = request.headers.origin;
      const tokenHeader = request.headers[WEB_TOKEN_HEADER];
      if (
        (fromOrigin && !origins.has(fromOrigin)) ||
        !sameToken(expected, typeof tokenHeader === 'string' ? tokenHeader : undefined)
      ) {
        response.writeHead(403, SECURITY_HEADERS).end();
        return;
      }
      // Neither type may be sent cross-origin without a preflight, which is never granted.
      const type = drop ? 'application/octet-stream' : 'application/json';
      if (!(request.headers['content-type'] ?? '').startsWith(type)) {
        response.writeHead(415, SECURITY_HEADERS).end();
        return;
      }
      if (drop) {
        const result = await openDrop(request, droppedName(url.searchParams.get('name')));
        response
          .writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' })
          .end(encodeWire(result, nodeBase64));
        return;
      }
      const name = invoke?.[1];
      const body = await readBody(request);
      let result: unknown;
      if (!isInvokeName(name)) result = { ok: false, error: message('ipc.unknownMessage', { name: String(name) }) };
      else if (body === undefined)
        result = { ok: false, error: message('ipc.tooLarge', { limit: MAX_BODY_BYTES / 1024 ** 2 }) };
      else {
        let payload: unknown;
        try {
          payload = body === '' ? undefined : decodeWire(body);
          result = await dispatch(backend.handlers, name, payload, (error) => log(`Handler ${name} failed`, error));
        } catch (error) {
          // Nested thousands deep, the decoder's stack gives out: that is said, not "not JSON".
          result = { ok: false, error: message(error instanceof RangeError ? 'ipc.tooDeep' : 'ipc.notJson') };
        }
      }
      response
        .writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' })
        .end(encodeWire(result, nodeBase64));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    const file = await readStatic(options.rendererDir, url.pathname);
    if (!file) {
      response.writeHead(404, SECURITY_HEADERS).end('Not found');
      return;
    }
    response
      .writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.type })
      .end(request.method === 'HEAD' ? undefined : file.body);
  }

  /**
   * A file dropped on the page, its bytes in the request body: opened as a new untitled session,
   * as the desktop app opens the dropped file itself (either format, as large as a session may be).
   */
  async function openDrop(request: http.IncomingMessage, name: string): Promise<unknown> {
    const received = await receiveDrop(request, options.dataDir, name);
    if (!received.ok) return received;
    try {
      backend.runs.cancelAll();
      return { ok: true, value: await backend.sessions.openCopy(received.value.file) };
    } catch (error) {
      if (error instanceof UserError) return { ok: false, error: error.detail };
      log('Opening a dropped file failed', error);
      return { ok: false, error: message('ipc.unexpected', { name: 'openDroppedSession' }) };
    } finally {
      await fs.rm(received.value.folder, { recursive: true, force: true });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  origins.add(origin).add(`http://localhost:${port}`);
  allowedHosts.add(`127.0.0.1:${port}`).add(`localhost:${port}`);

  return {
    url: `${origin}/?token=${token}`,
    backend,
    close: async () => {
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await backend.dispose();
    },
  };
}
