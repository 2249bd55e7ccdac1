import { message } from '@shared/messages';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEB_TOKEN_HEADER } from '@shared/ipc/channels';
import { isInvokeName, dispatch } from '@shared/ipc/dispatch';
import type { EventPayloads } from '@shared/ipc/contract';
import { decodeWire, encodeWire } from '@shared/ipc/wire';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { createBackend, type Backend } from '../services/backend';
import type { SessionThreadFactory } from '../services/session-thread-client';
import type { WorkerFactory } from '../services/job-supervisor';
import { readStatic } from './static-files';

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

const MAX_BODY_BYTES = 1 << 20;

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

function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(undefined));
  });
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
    if (invoke) {
      if (request.method !== 'POST') {
        response.writeHead(405, SECURITY_HEADERS).end();
        return;
      }
      const fromOrigin = request.headers.origin;
      const tokenHeader = request.headers[WEB_TOKEN_HEADER];
      if (
        (fromOrigin && fromOrigin !== origin) ||
        !sameToken(expected, typeof tokenHeader === 'string' ? tokenHeader : undefined)
      ) {
        response.writeHead(403, SECURITY_HEADERS).end();
        return;
      }
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        response.writeHead(415, SECURITY_HEADERS).end();
        return;
      }
      const name = invoke[1];
      const body = await readBody(request);
      let result: unknown;
      if (!isInvokeName(name)) result = { ok: false, error: message('ipc.unknownMessage', { name: String(name) }) };
      else if (body === undefined) result = { ok: false, error: message('ipc.tooLarge') };
      else {
        let payload: unknown;
        try {
          payload = body === '' ? undefined : decodeWire(body);
          result = await dispatch(backend.handlers, name, payload, (error) => log(`Handler ${name} failed`, error));
        } catch {
          result = { ok: false, error: message('ipc.notJson') };
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
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
