import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '@shared/ipc/dispatch';
import { decodeWire } from '@shared/ipc/wire';
import { testSessionThread, testWorkerFactory } from '../test/worker-harness';
import { startPreviewServer, type PreviewServer } from './preview-server';
import { resolveInside } from '../services/static-files';

let server: PreviewServer;
let dir: string;
let origin: string;
let token: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'descent-lab-web-'));
  const rendererDir = path.join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Descent Lab</title>');
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
  server = await startPreviewServer({
    port: 0,
    dataDir: path.join(dir, 'data'),
    rendererDir,
    appVersion: 'test',
    createWorker: testWorkerFactory(),
    sessionThread: testSessionThread(),
    log: () => undefined,
  });
  const url = new URL(server.url);
  origin = url.origin;
  token = url.searchParams.get('token') ?? '';
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function invoke(name: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}/api/invoke/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-descent-token': token, ...headers },
    body: JSON.stringify(body),
  });
}

function drop(name: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}/api/drop?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', 'x-descent-token': token, ...headers },
    body,
  });
}

describe('web-preview bridge', () => {
  it('binds 127.0.0.1 with a 64-hex-digit token in its URL', () => {
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the renderer with a strict CSP, and nothing outside it', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect((await fetch(`${origin}/..%2Fsecret.txt`)).status).toBe(404);
    expect(resolveInside('/srv/app', '/assets/a.js')).toBe(path.resolve('/srv/app/assets/a.js'));
    expect(resolveInside('/srv/app', '/../secret.txt')).toBeUndefined();
    expect(resolveInside('/srv/app', '/%2e%2e/secret.txt')).toBeUndefined();
    expect(resolveInside('/srv/app', '/a\\..\\..\\b')).toBeUndefined();
  });

  it('refuses API calls without the token, from another origin, or not as JSON', async () => {
    expect((await invoke('listRuns', {}, { 'x-descent-token': 'wrong' })).status).toBe(403);
    expect((await invoke('listRuns', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await invoke('listRuns', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${origin}/api/events?token=wrong`)).status).toBe(403);
    // DNS rebinding: a request that reached us under another name.
    const rebinding = await new Promise<number>((resolve, reject) => {
      const request = http.get(`${origin}/`, { headers: { Host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
    });
    expect(rebinding).toBe(421);
  });

  it('validates payloads with the contract and answers in words', async () => {
    const bad = decodeWire(
      await (await invoke('startRun', { expression: 'x^2', start: [1], optimizer: { name: 'sgd', lr: -1 } })).text(),
    );
    expect(bad).toEqual({
      ok: false,
      error: { code: 'field.greaterThan', params: { field: 'lr', bound: 0, got: '-1' } },
    });
    const unknown = decodeWire(await (await invoke('dropTables', {})).text());
    expect(unknown).toEqual({ ok: false, error: { code: 'ipc.unknownMessage', params: { name: 'dropTables' } } });
    const extra = decodeWire(await (await invoke('listRuns', { sneaky: true })).text()) as { ok: boolean };
    expect(extra.ok).toBe(false);
  });

  it('runs a job in a real worker and records it in the history file', async () => {
    const started = decodeWire(
      await (
        await invoke('startRun', { expression: 'x^2 + y^2', start: [-3, 4], optimizer: { name: 'sgd', lr: 0.1 } })
      ).text(),
    ) as { ok: true; value: { id: string } };
    expect(started.ok).toBe(true);
    const runId = started.value.id;
    let record: { ok: boolean; value?: { status: string } } = { ok: false };
    for (let i = 0; i < 100 && record.value?.status !== 'max-steps'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      record = decodeWire(await (await invoke('getRun', { runId })).text()) as typeof record;
    }
    expect(record.value?.status).toBe('max-steps');
  });

  it('opens a dropped file of either format, of any size a session may be, as a new untitled session', async () => {
    const dataDir = path.join(dir, 'data');
    // A SQLite .dlab the app wrote (the history holds the run above).
    const saved = path.join(dataDir, 'mine.dlab');
    await server.backend.sessions.save({ path: saved });
    const runs = server.backend.runs.list().length;
    expect(runs).toBeGreaterThan(0);
    const sqlite = decodeWire(await (await drop('mine.dlab', await readFile(saved))).text());
    expect(sqlite).toMatchObject({ ok: true, value: { title: 'Untitled', dirty: false } });
    expect((sqlite as { value: { filePath?: string } }).value.filePath).toBeUndefined();
    expect(server.backend.runs.list()).toHaveLength(runs);

    // A JSON .dlab (schema version 1) of several MB: streamed, not sent as one request.
    const v1 = JSON.parse(await readFile(path.join(__dirname, '../../shared/session/fixtures/v1.dlab'), 'utf8')) as {
      runs: Record<string, unknown>[];
    };
    const rows = 60_000;
    const big = {
      ...v1,
      runs: [
        {
          ...v1.runs[0],
          path: {
            dimension: 2,
            thinned: false,
            steps: Array.from({ length: rows }, (_, i) => i),
            points: Array.from({ length: rows * 2 }, (_, i) => i / 7),
            values: Array.from({ length: rows }, (_, i) => i / 3),
            gradientNorms: Array.from({ length: rows }, (_, i) => i / 5),
          },
        },
      ],
    };
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(decodeWire(await (await drop('big.dlab', text)).text())).toMatchObject({ ok: true });
    expect(server.backend.runs.list()).toHaveLength(1);
    const stored = await server.backend.runs.get(server.backend.runs.list()[0]?.id ?? '');
    expect(stored.path?.steps).toHaveLength(rows);

    // Bytes that are no session: one message naming the file, the session kept, nothing left behind.
    const junk = decodeWire(await (await drop('../junk.dlab', new Uint8Array([1, 2, 3, 250]))).text());
    expect(junk).toEqual({ ok: false, error: { code: 'file.notJson', params: { name: 'junk.dlab' } } });
    expect(server.backend.runs.list()).toHaveLength(1);
    expect((await readdir(dataDir)).filter((name) => name.startsWith('dropped-'))).toEqual([]);
  });

  it('refuses a drop without the token, from another origin, or not as bytes', async () => {
    expect((await drop('a.dlab', 'x', { 'x-descent-token': 'wrong' })).status).toBe(403);
    expect((await drop('a.dlab', 'x', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await drop('a.dlab', 'x', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${origin}/api/drop`)).status).toBe(405);
  });

  it('answers a page opened at localhost, an oversized request and a deeply nested one in words', async () => {
    const port = new URL(origin).port;
    const listed = decodeWire(
      await (await invoke('listRuns', {}, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })).text(),
    ) as { ok: boolean };
    expect(listed.ok).toBe(true);
    const large = await fetch(`${origin}/api/invoke/setForm`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-descent-token': token },
      body: JSON.stringify({ expression: 'x'.repeat(17 * 1024 * 1024) }),
    });
    expect(decodeWire(await large.text())).toEqual({
      ok: false,
      error: { code: 'ipc.tooLarge', params: { limit: 16 } },
    });
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const nested = await fetch(`${origin}/api/invoke/restoreRun`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-descent-token': token },
      body: deep,
    });
    expect(decodeWire(await nested.text())).toEqual({ ok: false, error: { code: 'ipc.tooDeep' } });
    // Decoded (Electron's structured clone can carry it), the validator refuses it the same way.
    let reason: Record<string, unknown> = { code: 'run.cancelled' };
    for (let k = 0; k < 20_000; k++) reason = { code: 'andMore', params: { message: reason } };
    const payload = {
      id: 'deep',
      name: 'Deep',
      createdAt: new Date().toISOString(),
      spec: { expression: 'x^2', start: [1], optimizer: { name: 'sgd', lr: 0.1 } },
      status: 'cancelled',
      summary: { steps: 0, x: [1], value: 1, gradientNorm: 2, reason: 'r', reasonMessage: reason },
    };
    expect(await dispatch(server.backend.handlers, 'restoreRun', payload)).toEqual({
      ok: false,
      error: { code: 'ipc.tooDeep' },
    });
  });
});
