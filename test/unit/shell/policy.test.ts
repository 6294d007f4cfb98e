// Pure shell policy: app origin, sender check, link allow-list, asset mapping, window options, CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  APP_ENTRY_URL,
  SHELL_CSP,
  isAllowedExternalUrl,
  isAppUrl,
  isNavigationAllowed,
  isTrustedSender,
  permissionDecision,
  resolveAppAsset,
  fileFilters,
} from '../../../electron/shell/shell-security.ts';
import { markdownToHtml } from '../../../electron/shell/markdown-html.ts';

test('app origin', () => {
  assert.equal(APP_ENTRY_URL, 'app://tcw/index.html');
  for (const u of ['app://tcw/', 'app://tcw/index.html?x#y', 'APP://TCW/x']) assert.equal(isAppUrl(u), true, u);
  for (const u of [
    'app://evil/',
    'https://tcw/',
    'file:///tcw/index.html',
    'app://user:pw@tcw/',
    '',
    'nonsense',
    null,
    undefined,
  ])
    assert.equal(isAppUrl(u as string), false, String(u));
  assert.equal(isNavigationAllowed('https://docs.pexip.com/'), false);
});

test('sender check: top frame of the app origin only', () => {
  assert.equal(isTrustedSender({ senderFrame: { url: 'app://tcw/index.html', parent: null } }), true);
  assert.equal(isTrustedSender({ senderFrame: { url: 'app://tcw/index.html', parent: {} } }), false);
  assert.equal(isTrustedSender({ senderFrame: { url: 'https://evil.example/', parent: null } }), false);
  assert.equal(isTrustedSender({ senderFrame: { url: 'devtools://devtools/', parent: null } }), false);
  assert.equal(isTrustedSender({ senderFrame: null }), false);
  assert.equal(isTrustedSender({}), false);
});

test('external links: https documentation hosts only', () => {
  for (const u of [
    'https://docs.pexip.com/admin/x.htm',
    'https://learn.microsoft.com/en-us/azure/',
    'https://docs.microsoft.com/',
    'https://portal.azure.com/#blade',
    'https://DOCS.PEXIP.COM/',
  ]) {
    assert.equal(isAllowedExternalUrl(u), true, u);
  }
  for (const u of [
    'http://docs.pexip.com/',
    'https://docs.pexip.com.evil.example/',
    'https://evil.example/?docs.pexip.com',
    'https://user@docs.pexip.com/',
    'https://docs.pexip.com:8443/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'ms-settings:',
    'smb://docs.pexip.com/x',
    'https://sub.docs.pexip.com/',
    `https://docs.pexip.com/${'a'.repeat(3000)}`,
  ]) {
    assert.equal(isAllowedExternalUrl(u), false, u);
  }
});

test('app assets map into the renderer folder and never out of it', () => {
  const root = '/opt/tcw/renderer';
  assert.deepEqual(resolveAppAsset(root, 'app://tcw/'), {
    file: join(root, 'index.html'),
    contentType: 'text/html; charset=utf-8',
  });
  assert.equal(resolveAppAsset(root, 'app://tcw/assets/x.js')?.file, join(root, 'assets', 'x.js'));
  // Plain dots are folded by the URL parser itself: the result stays inside the folder.
  assert.equal(resolveAppAsset(root, 'app://tcw/../etc/passwd')?.file, join(root, 'etc', 'passwd'));
  assert.equal(resolveAppAsset(root, 'app://tcw/%2e%2e/x')?.file, join(root, 'x'));
  for (const u of [
    'app://tcw/a/..%2f..%2fx',
    'app://tcw/a%5c..%5cx',
    'app://tcw/%00',
    'app://other/index.html',
    'https://tcw/index.html',
    'app://tcw/%E0%A4%A',
  ]) {
    assert.equal(resolveAppAsset(root, u), null, u);
  }
});

test('CSP: no inline or eval script, no framing, no plugins', () => {
  const d = Object.fromEntries(SHELL_CSP.split('; ').map((x) => [x.split(' ')[0], x.split(' ').slice(1).join(' ')]));
  assert.equal(d['default-src'], "'self'");
  assert.equal(d['script-src'], "'self'");
  assert.equal(d['object-src'], "'none'");
  assert.equal(d['frame-ancestors'], "'none'");
  assert.equal(d['base-uri'], "'none'");
  assert.equal(d['style-src'], "'self' 'unsafe-inline'");
});

test('permissions: always no', () => {
  for (const p of ['media', 'notifications', 'fullscreen', 'clipboard-sanitized-write'])
    assert.equal(permissionDecision(p), false);
});

test('dialog filters per file kind', () => {
  assert.deepEqual(fileFilters('pfx')[0]!.extensions, ['pfx', 'p12']);
  assert.deepEqual(fileFilters('script')[0]!.extensions, ['ps1']);
});

test('runbook Markdown to HTML: escaped, script-free, tables and code kept', () => {
  const html = markdownToHtml(
    '# Runbook <b>x</b>\n\nText with `code <i>` and **bold** and \\* star and [docs](https://docs.pexip.com/).\n\n| a | b \\| c |\n| --- | --- |\n| 1 | <img src=x onerror=alert(1)> |\n\n- one\n- two\n\n```powershell\nWrite-Host "<hi>"\n```\n',
    'T <x>',
  );
  assert.doesNotMatch(html, /<b>x<\/b>|<img|<i>|<script/);
  assert.match(html, /<h1>Runbook &lt;b&gt;x&lt;\/b&gt;<\/h1>/);
  assert.match(html, /<code>code &lt;i&gt;<\/code>/);
  assert.match(html, /<strong>bold<\/strong>/);
  assert.match(html, /\* star/);
  assert.match(html, /docs \(https:\/\/docs\.pexip\.com\/\)/);
  assert.match(html, /<th>b \| c<\/th>/);
  assert.match(html, /<td>&lt;img src=x onerror=alert\(1\)&gt;<\/td>/);
  assert.match(html, /<ul><li>one<\/li><li>two<\/li><\/ul>/);
  assert.match(html, /<pre><code>Write-Host &quot;&lt;hi&gt;&quot;<\/code><\/pre>/);
  assert.match(html, /<title>T &lt;x&gt;<\/title>/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});
