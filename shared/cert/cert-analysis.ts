// Pure certificate analysis: codes, RFC 6125 names, version-keyed rules, chain judging.
export * from './codes.ts';
export * from './names.ts';
export * from './rules.ts';
export * from './judge.ts';
export * from './password.ts';
