// Errors that cross the bridge. Only the message travels (never a stack or a value that could hold a
// secret); `status` lets the HTTP bridge answer with a fitting code.
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
  }
}

/** A method whose service is not part of this build (yet). */
export class NotAvailableError extends ApiError {
  override name = 'NotAvailableError';
  constructor(what: string) {
    super(
      `${what} is not available in this build of the wizard. Use a build that includes it, or the equivalent "tcw" command.`,
      501,
    );
  }
}

/** The message that may be shown to the caller for any thrown value. */
export function publicMessage(e: unknown): string {
  if (e instanceof Error && typeof e.message === 'string' && e.message.length > 0) {
    // Keep it to one readable paragraph; no stack frames ever.
    return e.message.split('\n    at ')[0]!.slice(0, 2000);
  }
  return 'Unexpected error on the Node side of the wizard.';
}
