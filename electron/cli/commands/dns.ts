// `tcw dns check PROJECT [--region R] [--resolver HOST:PORT] [--expect-ip IP] [--json]`: resolves every
// record a region depends on and compares it with what the project says must be there.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { hasErrors, type Finding } from '../../../shared/model/finding.ts';
import { parseProject, findRegion } from '../../../shared/model/project.ts';
import { dnsChecklist, type CheckStatus } from '../../../shared/live/checklist.ts';
import type { DnsRecordCheck } from '../../../shared/api/wizard-api.ts';
import { checkRegionDns } from '../../services/live/dns-check.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io.ts';

const HELP = `Usage: tcw dns check PROJECT [--region R] [--resolver HOST:PORT] [--expect-ip IP] [--json]

Looks up every DNS record a region of the project depends on and compares it with what the
deployment guide says must be there: the Teams Connector A record, the Conferencing Node and pool
A records, the SRV records for your domains and, with Skype for Business / Lync federation, the
_sipfederationtls._tcp record (its target must be directly in the SRV's domain).

Options:
  --region R            regional short name ($PxVmssRegion); the first region when omitted
  --resolver HOST:PORT  ask this DNS server (IP address, port 53 by default) instead of the
                        system's resolvers; use a public resolver to see what the internet sees
  --expect-ip IP        public IP of the Teams Connector load balancer (the Public IP address in
                        the static resource group); the project's publicIp when omitted
  --json                print { "findings": [...], "records": [...] } instead of the checklist
  -h, --help            show this help

Exit status: 0 no error finding, 1 error findings, 2 usage or input error.
`;

const MARK: Record<CheckStatus, string> = { ok: '✔', warning: '!', error: '✖', skipped: '–' };
const SEV_MARK: Record<Finding['severity'], string> = { error: '✖', warning: '!', info: 'i' };

/** An expected SRV entry, plus what was found for its target when it is not right. */
function srvRowText(row: DnsRecordCheck): string {
  // Rows for records nobody expected carry a note in parentheses instead of an expected value.
  if (row.expected.startsWith('(')) return `${row.found[0] ?? ''} ${row.expected}`;
  if (row.status === 'ok') return row.expected;
  const target = row.expected.split(' ')[3];
  const same = row.found.filter((f) => f.split(' ')[3] === target);
  return `${row.expected}   found: ${same.length ? same.join(', ') : 'no entry for this target'}`;
}

const check = defineCommand({
  name: 'dns check',
  help: HELP,
  options: {
    region: { type: 'string' },
    resolver: { type: 'string' },
    'expect-ip': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  positionals: {
    min: 1,
    max: 1,
    missing: 'missing the project file: tcw dns check PROJECT',
    tooMany: (p) => `unexpected argument "${p[1]}".`,
  },
  run: async ({ values, positionals, io }) => {
    const file = positionals[0]!;
    let text: string;
    const path = resolve(io.cwd, file);
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      io.stderr(
        `tcw dns: cannot read the project file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.\n`,
      );
      return EXIT_USAGE;
    }
    const parsed = parseProject(text);
    if (!parsed.ok) {
      io.stderr(
        `tcw dns: ${path} is not a usable project:\n${parsed.issues.map((i) => `  ${i.path || '(file)'}: ${i.message}`).join('\n')}\n`,
      );
      return EXIT_USAGE;
    }
    const project = parsed.project;
    const region = findRegion(project, values.region);

    const result = await checkRegionDns(project, {
      region: values.region ?? region?.variables.PxVmssRegion ?? '',
      resolver: values.resolver,
      expectIp: values['expect-ip'],
    });
    const exit = hasErrors(result.findings) ? EXIT_FINDINGS : EXIT_OK;
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ region: region?.variables.PxVmssRegion ?? null, resolver: values.resolver ?? null, findings: result.findings, records: result.records }, null, 2)}\n`,
      );
      return exit;
    }

    const ip = values['expect-ip'] ?? region?.publicIp ?? null;
    const lines: string[] = [];
    lines.push(
      `DNS check for region ${region?.variables.PxVmssRegion ?? '?'} — resolver: ${values.resolver ?? "this computer's resolvers"}`,
    );
    lines.push(
      `Teams Connector public IP: ${ip ? `${ip}${values['expect-ip'] ? ' (--expect-ip)' : ' (project)'}` : 'not known (pass --expect-ip to compare)'}`,
    );
    lines.push('');
    const { items, other } = dnsChecklist(result);
    const width = Math.max(...items.map((i) => i.name.length), 10);
    const counts = { ok: 0, warning: 0, error: 0, skipped: 0 };
    for (const item of items) {
      counts[item.status]++;
      if (item.type === 'A') {
        const row = item.rows[0]!;
        const found = row.found.length ? row.found.join(', ') : 'not found';
        const note = item.status === 'ok' ? found : `${found} (expected ${row.expected})`;
        lines.push(`${MARK[item.status]} A    ${item.name.padEnd(width)}  ${note}`);
      } else {
        lines.push(`${MARK[item.status]} SRV  ${item.name}`);
        for (const row of item.rows) lines.push(`         ${MARK[row.status]} ${srvRowText(row)}`);
      }
      for (const f of item.findings) lines.push(`       ${SEV_MARK[f.severity]} ${f.code}: ${f.message}`);
    }
    for (const f of other) lines.push(`${SEV_MARK[f.severity]} ${f.code}: ${f.message}`);
    lines.push('');
    lines.push(
      `${items.length} records: ${counts.ok} ok, ${counts.warning} with warnings, ${counts.error} failing.${counts.error ? ' Fix the ✖ lines (each says how), wait for the DNS change to propagate, and run the check again.' : ''}`,
    );
    io.stdout(`${lines.join('\n')}\n`);
    return exit;
  },
});

export const run = defineGroup({ name: 'dns', help: HELP, commands: { check } });
