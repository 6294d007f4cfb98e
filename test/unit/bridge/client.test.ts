// The renderer's HTTP client against the real bridge: calls, errors, progress events over the streamed
// /api/events, cancel, and projects end to end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, raw, type Fixture } from './helpers.ts';
import { createHttpClient, readEvents, BridgeError } from '../../../renderer/bridge/http-client.ts';
import type {
  DnsCheckRequest,
  DnsCheckResult,
  OperationEvent,
  ProbeRequest,
  ProbeResult,
  WizardApi,
} from '../../../shared/api/wizard-api.ts';
import type { OpContext } from '../../../electron/services/wizard-api/operation-hub.ts';
import { exampleProject } from '../../../shared/model/example.ts';

// A live-check backend that reports progress and then waits to be cancelled (tlsProbe) or finishes (dnsCheck).
const live = {
  async dnsCheck(_req: DnsCheckRequest, ctx: OpContext): Promise<DnsCheckResult> {
    ctx.progress('resolving', 0.5);
    ctx.log('asked 127.0.0.1');
    ctx.progress('done', 1);
    return { findings: [], records: [] };
  },
  tlsProbe(_req: ProbeRequest, ctx: OpContext): Promise<ProbeResult> {
    ctx.progress('connecting');
    return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
  },
};

let f: Fixture;
let api: WizardApi;
before(async () => {
  f = await startFixture({ live });
  api = createHttpClient({ baseUrl: f.bridge.origin, token: f.bridge.token, reconnectDelayMs: 50 });
});
after(() => f.cleanup());

function waitFor(events: OperationEvent[], pred: (e: OperationEvent) => boolean, ms = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (events.some(pred)) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`event not seen; got ${JSON.stringify(events)}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

test('calls resolve with the result', async () => {
  const info = await api.info();
  assert.equal(info.mode, 'browser');
  assert.equal(info.version, '9.9.9');
  assert.equal(info.features?.liveChecks, true);
  assert.equal(info.features?.certificates, false);
});

test('errors reject with the server message and status', async () => {
  await assert.rejects(
    api.loadProject('../../etc/passwd'),
    (e: unknown) => e instanceof BridgeError && e.status === 400 && /not valid/.test(e.message),
  );
  await assert.rejects(
    api.analyzePfx({ file: { name: 'a.pfx', dataBase64: 'AA==' }, password: 'p', fqdns: [] }, 'op-pfx'),
    /not available in this build/,
  );
});

test('without a token the client refuses before sending anything', async () => {
  let sent = 0;
  const noToken = createHttpClient({
    baseUrl: f.bridge.origin,
    token: null,
    fetch: (async () => {
      sent++;
      throw new Error('no');
    }) as typeof fetch,
  });
  await assert.rejects(
    noToken.info(),
    (e: unknown) => e instanceof BridgeError && e.status === 401 && /#token=/.test(e.message),
  );
  assert.equal(sent, 0);
});

test('a stopped server gives a "not answering" message', async () => {
  const dead = createHttpClient({ baseUrl: 'http://127.0.0.1:9', token: 'x' });
  await assert.rejects(
    dead.info(),
    (e: unknown) => e instanceof BridgeError && e.status === 0 && /not answering/.test(e.message),
  );
});

test('progress events arrive over the event stream, in order', async () => {
  const events: OperationEvent[] = [];
  const off = api.onEvent((e) => events.push(e));
  try {
    await new Promise((r) => setTimeout(r, 100)); // stream connected
    const result = await api.dnsCheck(
      { project: exampleProject(), region: exampleProject().regions[0]!.variables.PxVmssRegion },
      'dns-1',
    );
    assert.deepEqual(result, { findings: [], records: [] });
    await waitFor(events, (e) => e.opId === 'dns-1' && e.message === 'done');
    const mine = events.filter((e) => e.opId === 'dns-1');
    assert.deepEqual(
      mine.map((e) => [e.kind, e.message, e.fraction]),
      [
        ['progress', 'resolving', 0.5],
        ['log', 'asked 127.0.0.1', undefined],
        ['progress', 'done', 1],
      ],
    );
  } finally {
    off();
  }
});

test('cancel stops a running operation; the caller gets a "cancelled" rejection', async () => {
  const events: OperationEvent[] = [];
  const off = api.onEvent((e) => events.push(e));
  try {
    const running = api.tlsProbe({ host: 'px.vc.example.com', port: 443, role: 'node' }, 'probe-7');
    await waitFor(events, (e) => e.opId === 'probe-7' && e.message === 'connecting');
    await api.cancel('probe-7');
    await assert.rejects(running, /cancelled/);
    // The id is free again afterwards.
    const again = api.tlsProbe({ host: 'px.vc.example.com', port: 443, role: 'node' }, 'probe-7');
    await waitFor(events, (e) => e.opId === 'probe-7' && events.filter((x) => x.opId === 'probe-7').length >= 2);
    await api.cancel('probe-7');
    await assert.rejects(again, /cancelled/);
  } finally {
    off();
  }
});

test('a second operation with a running id is refused', async () => {
  const first = api.tlsProbe({ host: 'a.example.com', port: 443, role: 'node' }, 'dup');
  await new Promise((r) => setTimeout(r, 50));
  await assert.rejects(api.tlsProbe({ host: 'a.example.com', port: 443, role: 'node' }, 'dup'), /already running/);
  await api.cancel('dup');
  await assert.rejects(first, /cancelled/);
});

test('the raw event stream is text/event-stream and starts with a ready frame', async () => {
  const controller = new AbortController();
  const res = await fetch(`${f.bridge.origin}/api/events`, {
    headers: { authorization: `Bearer ${f.bridge.token}` },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = res.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  assert.match(first, /^event: ready\n/);
  controller.abort();
});

test('readEvents parses frames split across chunks and skips junk', async () => {
  const chunks = [
    'event: ready\ndata: {}\n\n: keep-alive\n\nda',
    'ta: {"opId":"a","kind":"log","message":"x"}\n',
    '\ndata: not json\n\ndata: {"opId":"b","kind":"progress","message":"y","fraction":0.2}\n\n',
  ];
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(new TextEncoder().encode(ch));
      c.close();
    },
  });
  const got: OperationEvent[] = [];
  await readEvents(stream, (e) => got.push(e));
  assert.deepEqual(
    got.map((e) => e.opId),
    ['a', 'b'],
  );
});

test('projects: save, list, load through the bridge; junk and secrets refused', async () => {
  const entry = await api.saveProject(exampleProject(), 'Contoso EU');
  assert.match(entry.id, /^[a-z0-9-]+$/);
  const list = await api.listProjects();
  assert.equal(list[0]!.id, entry.id);
  assert.equal(list[0]!.name, 'Contoso EU');
  assert.deepEqual(await api.loadProject(entry.id), exampleProject());
  await assert.rejects(api.saveProject({ format: 'tcw-project/1' } as never, 'x'), /not a valid tcw-project\/1/);
  await assert.rejects(api.saveProject(exampleProject(), '   '), /name/);
  await api.storeSecret('adminPassword', 'Wizard#Pass-2026');
  const leaky = exampleProject();
  leaky.regions[0]!.variables.tags = { note: 'pw Wizard#Pass-2026' };
  await assert.rejects(api.saveProject(leaky, 'leaky'), /secret/);
  assert.equal(await api.readSecret('adminPassword'), 'Wizard#Pass-2026');
});

test('openExternal opens only allow-listed documentation links, from the page', async () => {
  const opened: string[] = [];
  const c = createHttpClient({ baseUrl: f.bridge.origin, token: f.bridge.token, openWindow: (u) => opened.push(u) });
  await c.openExternal('https://docs.pexip.com/admin/teams.htm');
  await assert.rejects(c.openExternal('https://evil.example/'), /Only https links/);
  await assert.rejects(c.openExternal('http://docs.pexip.com/'), /Only https links/);
  assert.deepEqual(opened, ['https://docs.pexip.com/admin/teams.htm']);
  // The server refuses it as well (no host integration in browser mode, and never for other hosts).
  const r = await raw(f.bridge.port, {
    method: 'POST',
    path: '/api/openExternal',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${f.bridge.token}` },
    body: JSON.stringify({ args: ['https://evil.example/'] }),
  });
  assert.equal(r.status, 403);
});
