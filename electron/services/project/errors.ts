// A problem with what the user gave us (missing file, unreadable project, missing environment
// variable). Callers show the message as is: it names the file or variable, never a secret value.
export class ProjectInputError extends Error {
  override name = 'ProjectInputError';
}
