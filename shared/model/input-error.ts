// A problem with what the user gave (a missing file, an unreadable project, a bad address, an unset
// variable): the message says what to fix and is shown as it is, so it never holds a secret value.
// Each surface maps it once: the CLI to exit 2 (electron/cli/main.ts), the app's API to a 400
// (electron/services/wizard-api/dispatch.ts). Anything else thrown is an unexpected failure.
export class InputError extends Error {
  override name = 'InputError';
}
