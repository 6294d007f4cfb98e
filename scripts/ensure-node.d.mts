// Types of scripts/ensure-node.mjs (a plain Node script, run before any TypeScript tooling exists).
export declare const MIN_NODE_MAJOR: number;
export declare const NODE_PACKAGE: string;
export declare const NODE_VERSION: string;
export declare const NODE_INTEGRITY: string;
export declare const isSupported: (version?: string) => boolean;
/** The path of a Node >= MIN_NODE_MAJOR: this one, or the pinned one installed into .tools/. */
export declare function supportedNode(): string;
/** `env` with the supported Node's folder first on PATH. */
export declare function envFor(node: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** Re-runs this process on the supported Node when the current one is too old (and never returns then). */
export declare function reexecOnSupportedNode(): void;
