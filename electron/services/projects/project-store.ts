// Part 5: projects kept as `tcw-project/1` files in the user's app-data folder, with a recent list.
// Files are written atomically and validated with parseProject on the way in and out. A project never
// holds a secret: the schema has no place for one, unknown keys are stripped, and a save that carries a
// secret value the app knows about is refused.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseProject, type Project } from '../../../shared/model/project.ts';
import type { ProjectEntry } from '../../../shared/api/wizard-api.ts';
import { writeFileAtomic } from '../files/atomic-file.ts';
import { ApiError } from '../wizard-api/api-errors.ts';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const RECENT_FILE = 'recent.json';
const RECENT_FORMAT = 'tcw-recent/1';
const MAX_NAME = 120;

export interface ProjectStoreOptions {
  /** The folder holding the project files, e.g. <userData>/projects. */
  folder: string;
  /** Secret values currently known to the app; a project containing one is refused. */
  knownSecrets?: () => readonly string[];
  now?: () => Date;
}

export class ProjectStore {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly opts: ProjectStoreOptions) {}

  get folder(): string {
    return this.opts.folder;
  }

  async list(): Promise<ProjectEntry[]> {
    const recent = await this.readRecent();
    let files: string[] = [];
    try {
      files = (await readdir(this.opts.folder)).filter((f) => f.endsWith('.json') && f !== RECENT_FILE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const present = new Set(files.map((f) => f.slice(0, -'.json'.length)).filter((id) => ID_PATTERN.test(id)));
    const entries = recent.filter((e) => present.has(e.id));
    // Files without an index entry (index lost, copied in by hand) are still listed.
    for (const id of present) {
      if (entries.some((e) => e.id === id)) continue;
      const s = await stat(this.fileOf(id));
      entries.push({ id, name: id, savedAt: s.mtime.toISOString() });
    }
    return entries.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async load(id: string): Promise<Project> {
    checkId(id);
    let text: string;
    try {
      text = await readFile(this.fileOf(id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new ApiError(`There is no saved project with id "${id}". Pick one from the list of saved projects.`, 404);
      }
      throw e;
    }
    const r = parseProject(text);
    if (!r.ok) {
      const problems = r.issues
        .slice(0, 5)
        .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
        .join('; ');
      throw new ApiError(
        `The saved project file ${this.fileOf(id)} cannot be read: ${problems}. Fix the file or import the scripts again.`,
        422,
      );
    }
    return r.project;
  }

  save(project: unknown, name: string, id?: string): Promise<ProjectEntry> {
    // Serialised: two saves must not interleave their read-modify-write of the recent list.
    const run = this.queue.then(() => this.doSave(project, name, id));
    this.queue = run.catch(() => {});
    return run;
  }

  private async doSave(project: unknown, name: unknown, id?: unknown): Promise<ProjectEntry> {
    if (typeof name !== 'string' || name.trim() === '') throw new ApiError('Give the project a name before saving it.');
    const cleanName = name
      .trim()
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .slice(0, MAX_NAME);
    if (id !== undefined && id !== null) checkId(id);
    const r = parseProject(project);
    if (!r.ok) {
      const problems = r.issues
        .slice(0, 5)
        .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
        .join('; ');
      throw new ApiError(`The project cannot be saved because it is not a valid tcw-project/1: ${problems}.`, 422);
    }
    const text = `${JSON.stringify(r.project, null, 2)}\n`;
    const secrets = (this.opts.knownSecrets?.() ?? []).filter((s) => s.length >= 6);
    if (secrets.some((s) => text.includes(s))) {
      throw new ApiError(
        'The project contains a password or other secret in one of its fields. Secrets are never saved in a project: remove it from that field and save again.',
      );
    }
    // File names are the server's: a new project gets a random id; an id sent back must name a
    // project this store already holds, so a caller can never pick a file name of its own.
    if (
      typeof id === 'string' &&
      !(await stat(this.fileOf(id)).then(
        (st) => st.isFile(),
        () => false,
      ))
    ) {
      throw new ApiError(`There is no saved project with id "${id}" to update. Save it as a new project instead.`, 404);
    }
    const finalId = typeof id === 'string' ? id : randomUUID();
    await writeFileAtomic(this.fileOf(finalId), text, 0o600);
    const entry: ProjectEntry = {
      id: finalId,
      name: cleanName,
      savedAt: (this.opts.now?.() ?? new Date()).toISOString(),
    };
    const recent = (await this.readRecent()).filter((e) => e.id !== finalId);
    recent.unshift(entry);
    await writeFileAtomic(
      join(this.opts.folder, RECENT_FILE),
      `${JSON.stringify({ format: RECENT_FORMAT, entries: recent }, null, 2)}\n`,
      0o600,
    );
    return entry;
  }

  private fileOf(id: string): string {
    return join(this.opts.folder, `${id}.json`);
  }

  private async readRecent(): Promise<ProjectEntry[]> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(join(this.opts.folder, RECENT_FILE), 'utf8'));
    } catch {
      return []; // missing or damaged: list() falls back to the files themselves
    }
    const entries = (raw as { format?: unknown; entries?: unknown }).entries;
    if ((raw as { format?: unknown }).format !== RECENT_FORMAT || !Array.isArray(entries)) return [];
    return entries.filter(
      (e): e is ProjectEntry =>
        !!e &&
        typeof e.id === 'string' &&
        ID_PATTERN.test(e.id) &&
        typeof e.name === 'string' &&
        typeof e.savedAt === 'string',
    );
  }
}

function checkId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new ApiError('That project id is not valid (lower-case letters, digits and dashes only).');
  }
}
