// File, secret and output helpers shared by the `tcw` CLI and the app's main process
// (WizardApi.saveArtifacts / validate / generate).
export { readTextFile, decodeText, readProjectOrScript, readProjectOrScriptText, projectFileText, importScriptFiles, MAX_INPUT_BYTES, type LoadedProject } from './files.ts';
export { writeArtifactsAtomically, recoverOutputFolder, STATE_DIR, safeRelativePath, SECRET_FILE_MODE, PLAIN_FILE_MODE, type WrittenFile, type AtomicWriteOptions } from './atomic.ts';
export { secretFromEnv, artifactsContainingSecrets } from './secrets.ts';
export { formatFindings, summaryLine, countFindings, wantColor, type FormatOptions } from './format.ts';
export { validateLoaded, generateChecked, writeCheckedGeneration, dedupeFindings, type CheckedGeneration, type GenerationOptions } from './pipeline.ts';
