// The browser-mode bridge over real HTTP on 127.0.0.1: access token, Host/Origin checks, JSON only,
// method allow-list, error hygiene, events and static files.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFixture, raw, call, type Fixture } from './helpers.ts';
import { PAGE_CSP } from '../../../electron/bridge/page-security.ts';
import { exampleProject } from '../../../shared/model/example.ts';

let f: Fixture;
before(async () => {
  f = await startFixture({}, { maxBodyBytes: 64 * 1024 }, (s) => ({
    ...s,
    // An unexpected internal failure, as a bug deep in a service would raise it.
    readSecret: async () => {
      const e = new TypeError("Cannot read properties of undefined (reading 'x')");
      e.stack = `${e.message}\n    at secretThing (/home/dev/tcw/electron/services/x.ts:1:1)`;
      throw e;
    },
  }));
});
after(() => f.cleanup());

describe('access token', () => {
  test('the printed URL carries a 256-bit token in the fragment only', () => {
    assert.match(f.bridge.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(f.bridge.token, 'base64url').length, 32);
  });

  test('no token: 401 with a message that says what to open', async () => {
    const r = await raw(f.bridge.port, {
      method: 'POST',
      path: '/api/info',
      headers: { 'content-type': 'application/json' },
      body: '{"args":[]}',
    });
    assert.equal(r.status, 401);
    assert.match(r.json().error!.message, /#token=/);
  });

  test('wrong token (same length and otherwise): 401', async () => {
    const wrong = f.bridge.token.slice(0, -1) + (f.bridge.token.endsWith('A') ? 'B' : 'A');
    for (const t of [wrong, 'short', '']) {
      const r = await call(f, 'info', [], { authorization: `Bearer ${t}` });
      assert.equal(r.status, 401, `token ${JSON.stringify(t)}`);
    }
  });

  test('the right token, as Bearer or X-TCW-Token: 200', async () => {
    const a = await call(f, 'info');
    assert.equal(a.status, 200);
    assert.equal((a.json().result as { mode: string }).mode, 'browser');
    const b = await raw(f.bridge.port, {
      method: 'POST',
      path: '/api/info',
      headers: { 'content-type': 'application/json', 'x-tcw-token': f.bridge.token },
      body: '{"args":[]}',
    });
    assert.equal(b.status, 200);
  });

  test('the events stream needs the token too', async () => {
    const r = await raw(f.bridge.port, { path: '/api/events' });
    assert.equal(r.status, 401);
  });
});

describe('Host and Origin (DNS rebinding, CSRF)', () => {
  test('a foreign Host header is refused, on API and static paths alike', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${f.bridge.port}`,
      `127.0.0.1:${f.bridge.port + 1}`,
      '127.0.0.1',
      `[::1]:${f.bridge.port}`,
    ]) {
      const api = await call(f, 'info', [], { host });
      assert.equal(api.status, 403, `API with Host ${host}`);
      const page = await raw(f.bridge.port, { path: '/', headers: { host } });
      assert.equal(page.status, 403, `page with Host ${host}`);
      assert.doesNotMatch(page.text, /wizard/);
    }
  });

  test('localhost with our port is fine', async () => {
    const r = await call(f, 'info', [], {
      host: `localhost:${f.bridge.port}`,
      origin: `http://localhost:${f.bridge.port}`,
    });
    assert.equal(r.status, 200);
  });

  test('a foreign Origin is refused even with the right token', async () => {
    for (const origin of [
      'http://evil.example',
      `http://localhost:${f.bridge.port}`,
      `https://127.0.0.1:${f.bridge.port}`,
      'null',
    ]) {
      const r = await call(f, 'info', [], { origin });
      assert.equal(r.status, 403, `Origin ${origin}`);
    }
    const ok = await call(f, 'info', [], { origin: f.bridge.origin });
    assert.equal(ok.status, 200);
  });

  test('cross-site fetch metadata is refused', async () => {
    const r = await call(f, 'info', [], { 'sec-fetch-site': 'cross-site' });
    assert.equal(r.status, 403);
    const same = await call(f, 'info', [], { 'sec-fetch-site': 'same-origin' });
    assert.equal(same.status, 200);
  });
});

describe('requests', () => {
  test('non-JSON bodies are refused (415), including form posts a page could send', async () => {
    for (const ct of [
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
    ]) {
      const headers: Record<string, string> = { authorization: `Bearer ${f.bridge.token}` };
      if (ct) headers['content-type'] = ct;
      const r = await raw(f.bridge.port, { method: 'POST', path: '/api/info', headers, body: '{"args":[]}' });
      assert.equal(r.status, 415, `Content-Type ${ct}`);
    }
    const utf8 = await call(f, 'info', [], { 'content-type': 'application/json; charset=UTF-8' });
    assert.equal(utf8.status, 200);
  });

  test('broken JSON and a wrong body shape are 400', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${f.bridge.token}` };
    assert.equal(
      (await raw(f.bridge.port, { method: 'POST', path: '/api/info', headers, body: '{"args":' })).status,
      400,
    );
    assert.equal(
      (await raw(f.bridge.port, { method: 'POST', path: '/api/info', headers, body: '{"args":{}}' })).status,
      400,
    );
    assert.equal((await raw(f.bridge.port, { method: 'POST', path: '/api/info', headers, body: '[1,2]' })).status, 400);
    assert.equal(
      (
        await raw(f.bridge.port, {
          method: 'POST',
          path: '/api/info',
          headers,
          body: JSON.stringify({ args: [1, 2, 3, 4, 5] }),
        })
      ).status,
      400,
    );
  });

  test('bodies over the limit are 413', async () => {
    const r = await call(f, 'validate', ['x'.repeat(100 * 1024)]);
    assert.equal(r.status, 413);
  });

  test('only WizardApi methods are callable (400 from the one dispatch otherwise, also for prototype names)', async () => {
    for (const name of [
      'subscribe',
      'dispose',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'onEvent',
      'nope',
    ]) {
      const r = await call(f, name);
      assert.equal(r.status, 400, name);
      assert.match(r.json().error!.message, /There is no API method/, name);
    }
  });

  test('API methods take POST only', async () => {
    const r = await raw(f.bridge.port, {
      method: 'GET',
      path: '/api/info',
      headers: { authorization: `Bearer ${f.bridge.token}` },
    });
    assert.equal(r.status, 405);
    assert.equal(r.headers['allow'], 'POST');
  });

  test('errors are JSON messages without stack traces or source paths', async () => {
    const bad = await call(f, 'validate', [{ format: 'tcw-project/1' }]);
    assert.equal(bad.status, 400);
    assert.match(bad.json().error!.message, /not a valid tcw-project\/1/);
    const internal = await call(f, 'readSecret', ['k']);
    assert.equal(internal.status, 500);
    assert.deepEqual(Object.keys(internal.json()), ['error']);
    assert.doesNotMatch(internal.text, /\bat \w|\.ts:\d|\/home\//);
    const missing = await call(f, 'analyzePfx', [
      { file: { name: 'a.pfx', dataBase64: '' }, password: 'x', fqdns: [] },
    ]);
    if (missing.status === 501) assert.match(missing.json().error!.message, /not available in this build/);
  });

  test('a secret passed in a failing request does not come back in the error', async () => {
    const r = await call(f, 'validate', [{ bogus: true }, { adminPassword: 'Sup3r-Secret-Pw!' }]);
    assert.equal(r.status, 400);
    assert.doesNotMatch(r.text, /Sup3r-Secret-Pw!/);
  });

  test('JSON API answers carry no-store and the security headers', async () => {
    const r = await call(f, 'info');
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(String(r.headers['content-type']), /^application\/json/);
  });

  test('validate and generate run the real rules and emitters over the bridge', async () => {
    const v = await call(f, 'validate', [exampleProject()]);
    assert.equal(v.status, 200);
    assert.ok(Array.isArray(v.json().result));
    const g = await call(f, 'generate', [
      { project: exampleProject(), journey: 'first-install', includeSecrets: false },
    ]);
    assert.equal(g.status, 200);
    const result = g.json().result as { artifacts: unknown[]; findings: unknown[] };
    assert.ok(Array.isArray(result.artifacts) && Array.isArray(result.findings));
    const j = await call(f, 'generate', [{ project: exampleProject(), journey: 'sideways', includeSecrets: false }]);
    assert.equal(j.status, 400);
    assert.match(j.json().error!.message, /generate is malformed: argument 0 → journey: .*first-install/);
  });
});

describe('static files', () => {
  test('the start page carries its shell script inline, allowed by exactly its hash', async () => {
    const script = "(function(){document.documentElement.setAttribute('data-x','it''s')})();\n";
    const page = (src: string) =>
      `<!doctype html><html><head><script src="./assets/${src}"></script></head><body><div id="root"></div></body></html>`;
    const original = await readFile(join(f.staticDir, 'index.html'));
    const hash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
    await writeFile(join(f.staticDir, 'assets', 'start-shell-0a1b2c3d.js'), script);
    await writeFile(join(f.staticDir, 'index.html'), page('start-shell-0a1b2c3d.js'));
    const r = await raw(f.bridge.port, { path: '/' });
    assert.equal(r.status, 200);
    assert.ok(r.text.includes(`<script>${script}</script>`), 'inline');
    assert.doesNotMatch(r.text, /start-shell-0a1b2c3d/, 'no second request for it');
    const csp = String(r.headers['content-security-policy']);
    assert.equal(csp, PAGE_CSP.replace("script-src 'self'", `script-src 'self' ${hash}`));
    assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.text));
    // Anything else stays a link under the plain policy: another name, a script that would end the
    // element early, a missing file.
    for (const [name, body] of [
      ['start-shell-0a1b2c3d.js', 'x = "</script><img src=x onerror=alert(1)>";'],
      ['other-0a1b2c3d.js', script],
      ['start-shell-ffffffff.js', null],
    ] as const) {
      if (body !== null) await writeFile(join(f.staticDir, 'assets', name), body);
      await writeFile(join(f.staticDir, 'index.html'), page(name));
      const o = await raw(f.bridge.port, { path: '/' });
      assert.ok(o.text.includes(`<script src="./assets/${name}"></script>`), name);
      assert.equal(o.headers['content-security-policy'], PAGE_CSP, name);
    }
    await writeFile(join(f.staticDir, 'index.html'), original);
  });

  test('the app page comes with a strict CSP and security headers', async () => {
    const r = await raw(f.bridge.port, { path: '/' });
    assert.equal(r.status, 200);
    assert.match(r.text, /wizard/);
    assert.equal(r.headers['content-security-policy'], PAGE_CSP);
    assert.match(PAGE_CSP, /script-src 'self'(;|$)/);
    assert.match(PAGE_CSP, /frame-ancestors 'none'/);
    assert.doesNotMatch(PAGE_CSP, /script-src[^;]*unsafe/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.match(String(r.headers['content-type']), /^text\/html/);
  });

  test('assets get their MIME type; HEAD has no body; unknown files are 404', async () => {
    const js = await raw(f.bridge.port, { path: '/assets/app.js' });
    assert.equal(js.status, 200);
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    const head = await raw(f.bridge.port, { method: 'HEAD', path: '/assets/app.js' });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal((await raw(f.bridge.port, { path: '/assets/missing.js' })).status, 404);
    assert.equal((await raw(f.bridge.port, { method: 'POST', path: '/index.html' })).status, 405);
  });

  test('client-side routes fall back to the app page', async () => {
    const r = await raw(f.bridge.port, { path: '/review' });
    assert.equal(r.status, 200);
    assert.match(r.text, /wizard/);
  });

  test('path traversal never leaves the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%00',
      '/assets/link.txt',
      '//etc/passwd',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ]) {
      const r = await raw(f.bridge.port, { path });
      assert.ok([400, 404].includes(r.status), `${path} → ${r.status}`);
      assert.doesNotMatch(r.text, /TOP-SECRET-OUTSIDE|root:/, path);
    }
  });
});

describe('server lifecycle', () => {
  test('listens on 127.0.0.1 only', async () => {
    const { createConnection } = await import('node:net');
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const s = createConnection({ host, port: f.bridge.port });
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
    assert.equal(await reachable('127.0.0.1'), true);
    assert.equal(await reachable('::1'), false);
  });

  test('a port in use gives a clear message', async () => {
    const second = startFixture({}, { port: f.bridge.port });
    await assert.rejects(second, /already in use.*--port/);
  });
});
