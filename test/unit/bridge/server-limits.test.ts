// The bridge's connection limit and slow-header timeout, on loopback, with bounded loops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startFixture } from './helpers.ts';
import { BRIDGE_LIMITS } from '../../../electron/bridge/server.ts';

/** Opens a connection and sends the start of a request, never its end. Resolves once connected. */
function halfSent(port: number): Promise<{ socket: Socket; closedAt: Promise<number>; data: () => string }> {
  return new Promise((resolveOpen, rejectOpen) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    const closedAt = new Promise<number>((r) => socket.on('close', () => r(performance.now())));
    socket.on('data', (d) => (data += d.toString()));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      socket.write(`GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
      resolveOpen({ socket, closedAt, data: () => data });
    });
    socket.once('error', rejectOpen);
  });
}

test('defaults: a connection limit, and slow headers dropped within seconds', () => {
  assert.ok(BRIDGE_LIMITS.maxConnections >= 16 && BRIDGE_LIMITS.maxConnections <= 256);
  assert.ok(BRIDGE_LIMITS.headersTimeoutMs + BRIDGE_LIMITS.checkIntervalMs <= 10_000);
  assert.ok(BRIDGE_LIMITS.requestTimeoutMs <= 60_000);
});

test(
  'connections beyond the limit are closed on arrival; the ones within it are served',
  { timeout: 30_000 },
  async () => {
    const f = await startFixture({}, { limits: { maxConnections: 8, headersTimeoutMs: 20_000 } });
    const open: Awaited<ReturnType<typeof halfSent>>[] = [];
    try {
      for (let i = 0; i < 8; i++) open.push(await halfSent(f.bridge.port));
      await new Promise((r) => setTimeout(r, 200));
      const extra: Awaited<ReturnType<typeof halfSent>>[] = [];
      for (let i = 0; i < 12; i++) extra.push(await halfSent(f.bridge.port));
      const closed = await Promise.all(
        extra.map((c) =>
          Promise.race([c.closedAt.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]),
        ),
      );
      assert.equal(closed.filter(Boolean).length, 12, 'every connection over the limit was closed at once');
      // The first eight are still open and get an answer once they finish their request.
      open[0]!.socket.write('\r\n');
      for (let i = 0; i < 50 && !open[0]!.data().includes('HTTP/1.1'); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(open[0]!.data(), /^HTTP\/1\.1 200/);
    } finally {
      for (const c of open) c.socket.destroy();
      await f.cleanup();
    }
  },
);

test('a request whose headers never end is dropped within seconds (default limits)', { timeout: 30_000 }, async () => {
  const f = await startFixture();
  try {
    const started = performance.now();
    const conns = await Promise.all(Array.from({ length: 20 }, () => halfSent(f.bridge.port)));
    const deadline = BRIDGE_LIMITS.headersTimeoutMs + BRIDGE_LIMITS.checkIntervalMs + 3_000;
    const times = await Promise.all(
      conns.map((c) => Promise.race([c.closedAt, new Promise<number>((r) => setTimeout(() => r(Infinity), deadline))])),
    );
    for (const t of times) assert.ok(t - started < deadline, `a half-sent request was still open after ${deadline} ms`);
    assert.ok(
      conns.every((c) => c.data() === '' || /^HTTP\/1\.1 408/.test(c.data())),
      'closed, at most with a 408',
    );
  } finally {
    await f.cleanup();
  }
});
