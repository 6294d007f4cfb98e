// Certificate rules by Teams Connector version, so a later guide can relax or add one in one place.

export type RuleSeverity = 'error' | 'warning' | 'off';

export interface CertRules {
  /** Major version the rules were written for (the guide's version). */
  connectorMajor: number;
  /** Missing serverAuth EKU. */
  serverAuth: RuleSeverity;
  /** Missing clientAuth EKU (mutual TLS between nodes and connector). */
  clientAuth: RuleSeverity;
  /** Whether the connector installer refuses non-RSA keys ("ECDSA ... not supported"). */
  rsaOnly: boolean;
  minRsaBits: number;
  /** Days before expiry that a warning starts. */
  defaultWarnDays: number;
  /** True when the connector version is newer than the guide the rules come from. */
  newerThanGuide: boolean;
}

export const GUIDE_MAJOR = 26;

/** Parses "26", "26.2", "v26.1" → 26; null when unreadable. */
export function connectorMajor(version: string | undefined): number | null {
  if (!version) return null;
  const m = /^\s*v?(\d{1,3})(?:\.|\s*$)/i.exec(version);
  return m ? Number(m[1]) : null;
}

/**
 * Rules for a connector version. Version 26 (the guide we follow) requires serverAuth and
 * clientAuth; versions we have no guide for get the same rules, flagged newerThanGuide so the
 * clientAuth message can point at the vendor's current guidance.
 */
export function rulesFor(connectorVersion?: string): CertRules {
  const major = connectorMajor(connectorVersion) ?? GUIDE_MAJOR;
  return {
    connectorMajor: major,
    serverAuth: 'error',
    clientAuth: 'error',
    rsaOnly: true,
    minRsaBits: 2048,
    defaultWarnDays: 30,
    newerThanGuide: major > GUIDE_MAJOR,
  };
}
