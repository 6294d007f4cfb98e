// Electron main process: one hardened window showing the renderer from app://tcw/, the WizardApi over
// IPC (sender-checked), native dialogs, safeStorage for secrets and runbook PDF printing. Everything
// else lives in electron-free modules (shell-security.ts, ipc.ts, services/wizard-api) that are unit tested.
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWizardService, type WizardApiImpl } from '../services/wizard-api/wizard-service.ts';
import { EncryptedFileSecretStore, MemorySecretStore, type SecretStore } from '../services/secrets/secret-store.ts';
import { availableBackends } from '../services/wizard-api/backends.ts';
import { writeFileAtomic } from '../services/files/atomic-file.ts';
import { ApiError } from '../services/wizard-api/api-errors.ts';
import { tooLarge } from '../services/files/input-files.ts';
import { MAX_INPUT_FILE_BYTES } from '../../shared/model/input-limits.ts';
import type { FileKind, FileRef } from '../../shared/api/wizard-api.ts';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  SHELL_HEADERS,
  fileFilters,
  isAllowedExternalUrl,
  isNavigationAllowed,
  permissionDecision,
  resolveAppAsset,
} from './shell-security.ts';
import { forwardEvents, registerIpcHandlers } from './ipc.ts';
import { markdownToHtml } from './markdown-html.ts';

// Bundled to out/electron/main.cjs (CommonJS: __dirname); loaded as ESM source in tests.
const here = typeof __dirname === 'string' ? __dirname : fileURLToPath(new URL('.', import.meta.url));
// Test and development switches (TCW_RENDERER_DIR, TCW_AZURE_* endpoints and tokens) work only when
// not packaged: a packaged app must not load another folder as its page or send sign-in elsewhere.
const devSwitches = !app.isPackaged;
const rendererDir =
  (devSwitches ? process.env.TCW_RENDERER_DIR : undefined) ??
  [join(here, '..', 'renderer'), join(here, '..', '..', 'out', 'renderer')].find((d) =>
    existsSync(join(d, 'index.html')),
  ) ??
  join(here, '..', 'renderer');
const preloadPath = join(here, 'preload.cjs');

// Must happen before "ready": app:// behaves like https (secure context, fetch, storage per origin).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let service: WizardApiImpl | null = null;

/** True when safeStorage really encrypts (Linux without a keyring gives "basic_text": a fixed key). */
function osEncryption(): boolean {
  const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  return safeStorage.isEncryptionAvailable() && !weak;
}

function secretStore(): SecretStore {
  // Without real OS encryption secrets stay in memory for this run only.
  if (!osEncryption()) return new MemorySecretStore();
  return new EncryptedFileSecretStore(join(app.getPath('userData'), 'secrets.json'), {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  });
}

async function pickFile(kind: FileKind): Promise<FileRef | null> {
  const options = { title: 'Choose a file', properties: ['openFile' as const], filters: fileFilters(kind) };
  const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  const path = r.filePaths[0];
  if (r.canceled || !path) return null;
  const s = await stat(path);
  if (s.size > MAX_INPUT_FILE_BYTES) throw new ApiError(tooLarge(basename(path)), 413);
  return { name: basename(path), path, dataBase64: (await readFile(path)).toString('base64') };
}

/** Folders the user chose in the native dialog in this session: the only places saveArtifacts writes to. */
const grantedFolders = new Set<string>();

async function pickFolder(): Promise<string | null> {
  const options = {
    title: 'Choose the output folder',
    properties: ['openDirectory' as const, 'createDirectory' as const],
    defaultPath: join(app.getPath('documents'), 'Teams Connector'),
  };
  const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  const folder = r.canceled ? undefined : r.filePaths[0];
  if (!folder) return null;
  grantedFolders.add(resolve(folder));
  return folder;
}

function isFolderGranted(folder: string): boolean {
  return grantedFolders.has(resolve(folder));
}

async function printRunbookPdf(req: { markdown: string; title?: string }): Promise<{ path: string } | null> {
  // Hidden and script-free: it only lays out escaped HTML for printToPDF.
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      javascript: false,
      webviewTag: false,
      devTools: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  let pdf: Buffer;
  try {
    await printer.loadURL(
      `data:text/html;charset=utf-8,${encodeURIComponent(markdownToHtml(req.markdown, req.title))}`,
    );
    pdf = await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true, displayHeaderFooter: false });
  } finally {
    printer.destroy();
  }
  const options = {
    title: 'Save the runbook as PDF',
    defaultPath: join(app.getPath('documents'), 'teams-connector-runbook.pdf'),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  };
  const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  if (r.canceled || !r.filePath) return null;
  await writeFileAtomic(r.filePath, pdf);
  return { path: r.filePath };
}

async function openExternal(url: string): Promise<void> {
  if (!isAllowedExternalUrl(url))
    throw new ApiError('That link is not on the list of documentation sites the wizard may open.', 403);
  await shell.openExternal(url);
}

/** Every web contents (the window, the print window, anything else): no new windows, no foreign navigation. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function createWindow(): void {
  // Every security-relevant preference stated explicitly (and literally, so static checkers see them).
  const win = new BrowserWindow({
    width: 1200,
    height: 860,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Teams Connector Wizard',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: !app.isPackaged,
    },
  });
  mainWindow = win;
  const stopEvents = forwardEvents(service!, (channel, event) => {
    if (!win.isDestroyed()) win.webContents.send(channel, event);
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    stopEvents();
    mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
}

app.on('web-contents-created', (_event, contents) => lockDown(contents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
    ses.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
    ses.webRequest.onHeadersReceived((details, callback) => {
      // Literal (equal to SHELL_CSP, checked by a test) so static checkers can evaluate it.
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
          ],
        },
      });
    });
    protocol.handle(APP_SCHEME, async (request) => {
      const asset = resolveAppAsset(rendererDir, request.url);
      if (!asset) return new Response('Not found', { status: 404 });
      try {
        const body = await readFile(asset.file);
        return new Response(body, { status: 200, headers: { ...SHELL_HEADERS, 'Content-Type': asset.contentType } });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    });

    service = createWizardService({
      mode: 'electron',
      version: app.getVersion(),
      dataDir: app.getPath('userData'),
      secrets: secretStore(),
      defaultOutputFolder: join(app.getPath('documents'), 'Teams Connector'),
      host: { pickFile, pickFolder, isFolderGranted, openExternal, printRunbookPdf },
      ...availableBackends(process.env, {
        devSwitches,
        // Azure tokens cached on disk only when the OS protects them; otherwise in memory.
        ...(osEncryption()
          ? {
              azurePersist: {
                dir: app.getPath('userData'),
                protector: {
                  protect: (s: string) => safeStorage.encryptString(s),
                  unprotect: (b: Buffer) => safeStorage.decryptString(b),
                },
              },
            }
          : {}),
      }),
    });
    registerIpcHandlers(ipcMain, service, {
      onRefused: (channel, url) => console.warn(`Refused IPC ${channel} from ${url ?? 'an unknown frame'}`),
    });
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => service?.dispose());
}
