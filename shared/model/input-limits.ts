// How large each kind of input may be, in one place for the CLI, the app's main process and the page.
// Every limit sits far above any real file of its kind, so it only stops a wrong choice early (an
// archive, a disk image) before it is read into memory.

const MB = 1024 * 1024;

/** A file the user chooses: a certificate (PFX, PEM), a script, install output or a project file. */
export const MAX_INPUT_FILE_BYTES = 8 * MB;
/** Text pasted into the page (a variables or redeploy script, install output, a PEM). */
export const MAX_PASTED_TEXT_CHARS = 2 * MB;
/** The Teams Connector ZIP (a few MB); and each text file read out of it. */
export const MAX_CONNECTOR_ZIP_BYTES = 200 * MB;
export const MAX_CONNECTOR_ZIP_ENTRY_BYTES = 5 * MB;

/** "8 MB": a limit as people read it. */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / MB)} MB`;
}

/** Base64 length of a file at the input-file limit (uploads travel as base64). */
export const MAX_INPUT_FILE_BASE64_CHARS = Math.ceil(MAX_INPUT_FILE_BYTES / 3) * 4 + 4;
