// The requests of the doctor and the maintenance changes, as zod schemas: the one dispatch checks
// every call against them (shared/api/schemas.ts lists them in METHOD_ARGS), and the request types
// are inferred from them.
import { z } from 'zod';
import { nodeMemberSchema, projectSchema, teamsSchema } from '../model/project.ts';

const text = (max: number) => z.string().max(max);

export const doctorRequestSchema = z.strictObject({
  project: projectSchema,
  /** $PxVmssRegion; every region when omitted. */
  region: text(100).optional(),
  /** SHA-1 thumbprint of the project's PFX, to compare with what the connector presents. */
  expectedThumbprint: text(100).optional(),
  /** "host:port" of a DNS server; the system's when omitted. */
  resolver: text(300).optional(),
  /** PEM of extra trust anchors (private PKI). */
  trustPem: text(200_000).optional(),
});

export const maintenanceChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('nodes'),
    members: z.array(nodeMemberSchema).max(200),
    pool: text(253).optional(),
    nodeFqdns: z.array(text(253)).max(50).optional(),
  }),
  z.strictObject({ kind: z.literal('management'), prefixes: z.array(text(64)).max(200) }),
  z.strictObject({ kind: z.literal('instances'), count: z.number() }),
  z.strictObject({ kind: z.literal('teams'), teams: teamsSchema.partial() }),
]);

export const changeRequestSchema = z.strictObject({
  project: projectSchema,
  /** $PxVmssRegion (ignored for "teams", which is tenant-wide). */
  region: text(100),
  change: maintenanceChangeSchema,
  /** Dry run: the ARM requests and the PowerShell, nothing sent. */
  dryRun: z.boolean(),
});

export type DoctorRequest = z.infer<typeof doctorRequestSchema>;
export type MaintenanceChange = z.infer<typeof maintenanceChangeSchema>;
export type ChangeRequest = z.infer<typeof changeRequestSchema>;
