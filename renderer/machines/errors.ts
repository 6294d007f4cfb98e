// Plain words from whatever an operation rejected with (kept apart so the start page stays light).
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string')
    return (e as { message: string }).message;
  return 'The operation failed for an unknown reason.';
}
