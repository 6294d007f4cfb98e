// Long operations: the caller picks an operation id; we keep an AbortController per running id so
// cancel(opId) can stop it, and fan progress events out to every subscriber (IPC, SSE, tests).
import type { OperationEvent } from '../../../shared/api/wizard-api.ts';
import { ApiError } from './api-errors.ts';

export interface OpContext {
  readonly opId: string;
  readonly signal: AbortSignal;
  progress(message: string, fraction?: number): void;
  log(message: string): void;
  deviceCode(message: string): void;
}

export type EventListener = (event: OperationEvent) => void;

const OP_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export class OperationHub {
  private readonly running = new Map<string, AbortController>();
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(event: OperationEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // one broken subscriber must not stop the others or the operation
      }
    }
  }

  isRunning(opId: string): boolean {
    return this.running.has(opId);
  }

  async run<T>(opId: unknown, fn: (ctx: OpContext) => Promise<T>): Promise<T> {
    if (typeof opId !== 'string' || !OP_ID.test(opId)) {
      throw new ApiError('An operation id must be 1-100 letters, digits, ".", "_", ":" or "-".');
    }
    if (this.running.has(opId))
      throw new ApiError(`Operation ${opId} is already running; wait for it or cancel it first.`, 409);
    const controller = new AbortController();
    this.running.set(opId, controller);
    const ctx: OpContext = {
      opId,
      signal: controller.signal,
      progress: (message, fraction) =>
        this.emit(
          fraction === undefined
            ? { opId, kind: 'progress', message }
            : { opId, kind: 'progress', message, fraction: Math.min(1, Math.max(0, fraction)) },
        ),
      log: (message) => this.emit({ opId, kind: 'log', message }),
      deviceCode: (message) => this.emit({ opId, kind: 'device-code', message }),
    };
    try {
      return await fn(ctx);
    } finally {
      this.running.delete(opId);
    }
  }

  /** Idempotent: cancelling an unknown or finished operation is not an error. */
  cancel(opId: unknown): void {
    if (typeof opId !== 'string') return;
    this.running.get(opId)?.abort(new ApiError(`Operation ${opId} was cancelled.`, 409));
  }

  cancelAll(): void {
    for (const [opId, c] of this.running)
      c.abort(new ApiError(`Operation ${opId} was cancelled because the app is closing.`, 409));
  }
}
