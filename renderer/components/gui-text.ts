// The wizard's wording for findings whose shared message names a `tcw` command or flag. The CLI keeps
// its own text; on a page the advice points to the control that does the same thing. Matched by
// the finding's code, then by the CLI phrase, so a changed message falls back to the original
// instead of losing its facts.
import type { Finding } from '../../shared/model/finding.ts';

/** Labels of the page controls the hints name; the panels use the same constants. */
export const CONTROL = {
  privateCa: 'Advanced: my certificate authority is private',
  buildPfx: 'Build a PFX',
  csr: 'Create signing request',
  signIn: 'Sign in to Azure',
  prepareStep: 'Prepare Azure',
  handover: 'Someone else: give me the PowerShell to hand over',
  readIp: 'Read it from Azure',
  checkDns: 'Check DNS',
} as const;

const PFX_BUILD = `"${CONTROL.buildPfx}" on this page`;

interface Rewrite {
  code: RegExp;
  from: RegExp;
  to: string;
}

const REWRITES: Rewrite[] = [
  {
    code: /untrusted-root$/,
    from: /\(for a private test PKI, pass its root with --trust\)/,
    to: `(for an in-house CA, add its root under "${CONTROL.privateCa}")`,
  },
  {
    code: /chain-incomplete$/,
    from: /, or build it with tcw cert assemble --chain <intermediates\.pem>\./,
    to: `, or build it with ${PFX_BUILD}, pasting the intermediate certificates.`,
  },
  {
    code: /chain-incomplete$/,
    from: /\(use --trust only for test PKIs\)/,
    to: `(if it is your own CA, add it under "${CONTROL.privateCa}")`,
  },
  {
    code: /chain-order$/,
    from: /assemble it again with tcw cert assemble, which orders the chain\./,
    to: `build it again with ${PFX_BUILD}, which orders the chain.`,
  },
  {
    code: /weak-key$/,
    from: /\(tcw cert csr --key-size 2048\)/,
    to: `("${CONTROL.csr}" on the certificate step makes a 2048-bit key)`,
  },
  {
    code: /^pfx\.unreadable$/,
    from: /\(or build one with tcw cert assemble\)/,
    to: `(or build one with ${PFX_BUILD})`,
  },
  {
    code: /^pfx\.no-private-key$/,
    from: /; or build it with tcw cert assemble --cert <cert> --key <key> --chain <intermediates>\./,
    to: `; or build it with ${PFX_BUILD} from the certificate, its key and the intermediates.`,
  },
  {
    code: /^pfx\.key-mismatch$/,
    from: /\(tcw cert assemble checks that they match\)/,
    to: `(${PFX_BUILD} checks that they match)`,
  },
  {
    code: /^pfx\.cng-key-provider$/,
    from: /Rebuild the PFX with the legacy provider: tcw cert assemble --legacy-csp \(it names ("[^"]*")\)/,
    to: `Rebuild the PFX with ${PFX_BUILD}, which names the legacy provider $1`,
  },
  {
    code: /^pfx\.cng-key-provider$/,
    from: /To be sure, rebuild it with tcw cert assemble --legacy-csp \(names ("[^"]*")\)\./,
    to: `To be sure, rebuild it with ${PFX_BUILD}: it names $1. A PFX built there needs no further export.`,
  },
  { code: /./, from: /\(tcw azure login, or the Sign in button\)/, to: `(the "${CONTROL.signIn}" button)` },
  {
    code: /./,
    from: /Create it before the install: tcw azure prepare \(or the Prepare step\), run by the subscription Owner\./,
    to: `Create it on the "${CONTROL.prepareStep}" step before the install; the subscription Owner does this.`,
  },
  {
    code: /./,
    from: /Ask the subscription Owner to run "tcw azure prepare … --owner-upn <your sign-in name>" or the PowerShell from its --dry-run\./,
    to: `Ask the subscription Owner for it: on the "${CONTROL.prepareStep}" step choose "${CONTROL.handover}", enter your sign-in name for the Owner role, and send them the PowerShell.`,
  },
  {
    code: /./,
    from: /send them the PowerShell from "tcw azure prepare --dry-run" \(or the wizard's "Show PowerShell"\)/,
    to: `choose "${CONTROL.handover}" and send them that PowerShell`,
  },
  {
    code: /./,
    from: /\(or import it with `tcw import` and generate again\)/,
    to: '(or paste the install output on the After-deployment step)',
  },
];

/** A finding's message as the page says it: no CLI command or flag. */
export function guiMessage(f: Pick<Finding, 'code' | 'message'>): string {
  let m = f.message;
  for (const r of REWRITES) if (r.code.test(f.code)) m = m.replace(r.from, r.to);
  return m;
}

/** True when a text still names the CLI (a `tcw` command or a `--flag`). Used by the tests. */
export function namesCli(text: string): boolean {
  return /\btcw [a-z]/.test(text) || /(^|\s)--[a-z][a-z-]+/.test(text);
}
