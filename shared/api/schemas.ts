// Every request that crosses the bridge, as zod schemas: the one `dispatch` on the Node side parses
// the arguments of each call with METHOD_ARGS before a service method runs, and the request types of
// WizardApi are inferred from these schemas, so the check and the type cannot drift apart.
// Objects are strict: a key the contract does not know (e.g. `content` or `fileName` in a save
// request) is refused, never silently passed on or dropped.
import { z } from 'zod';
import { projectSchema } from '../model/project.ts';
import { changeRequestSchema, doctorRequestSchema } from '../doctor/doctor-schemas.ts';
import {
  MAX_INPUT_FILE_BASE64_CHARS,
  MAX_INPUT_FILE_BYTES,
  MAX_PASTED_TEXT_CHARS,
  megabytes,
} from '../model/input-limits.ts';
import type { WizardApiMethod } from './wizard-api.ts';

/** A sign-in name such as alice@example.com (the CLI's --owner-upn checks the same). */
export const UPN_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const OWNER_UPN_OR_EMPTY = /^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const JOURNEYS = ['first-install', 'add-region', 'redeploy'] as const;
export const journeySchema = z.enum(JOURNEYS);

/** Operation ids are chosen by the caller and echoed in events; plain tokens only. */
export const opIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'An operation id must be 1-100 letters, digits, ".", "_", ":" or "-".');
/** Ids of saved projects are made by the server (random UUIDs); the client only names one back. */
export const projectIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'That project id is not valid (lower-case letters, digits and dashes only).');

export const secretsSchema = z.strictObject({
  adminPassword: z.string().max(256).optional(),
  appPassword: z.string().max(256).optional(),
});

const script = (what: string) =>
  z
    .string()
    .max(
      MAX_PASTED_TEXT_CHARS,
      `${what} is larger than ${megabytes(MAX_PASTED_TEXT_CHARS)}; that is not a variables or redeploy script.`,
    );

export const generateRequestSchema = z.strictObject({
  project: projectSchema,
  journey: journeySchema,
  /** Limit to one region (add-region, redeploy); all regions when omitted. */
  region: z.string().min(1).max(100).optional(),
  includeSecrets: z.boolean(),
  secrets: secretsSchema.optional(),
  /** Sign-in name (UPN) given the Owner role in the static resource group script; '' means none. */
  ownerUpn: z
    .string()
    .max(256)
    .regex(OWNER_UPN_OR_EMPTY, 'The Owner sign-in name (on "Prepare Azure") must look like alice@example.com.')
    .optional(),
});

/** A save request carries what to generate and where; never file names or contents. */
export const saveArtifactsRequestSchema = z.strictObject({
  generate: generateRequestSchema,
  /** A folder returned by pickFolder() (the native dialog) in this session. */
  folder: z.string().min(1, 'Choose the output folder first.').max(4096),
});

export const importRequestSchema = z.strictObject({
  initScript: script('The variables initialization script'),
  /** Optional: the redeploy script, for $AppId (and $AppPassword if the admin kept it there). */
  redeployScript: script('The redeploy script').optional(),
  /** Optional: what the install script printed, pasted; its $AppId / $AppPassword lines are read. */
  installOutput: script('The pasted install output').optional(),
});

export const fileRefSchema = z.strictObject({
  name: z.string().max(255),
  /** Absolute path on the machine running the Node side (native dialog). */
  path: z.string().max(4096).optional(),
  /** The file's bytes, base64, when the browser supplied them. */
  dataBase64: z
    .string()
    .max(
      MAX_INPUT_FILE_BASE64_CHARS,
      `The file is larger than ${megabytes(MAX_INPUT_FILE_BYTES)}; that is not a certificate, script or project file.`,
    )
    .optional(),
});

export const fileKindSchema = z.enum(['pfx', 'pem', 'script', 'project']);

const fqdnList = z.array(z.string().max(253)).max(100);
const trustPem = z.string().max(MAX_PASTED_TEXT_CHARS).optional();

export const pfxRequestSchema = z.strictObject({
  file: fileRefSchema,
  password: z.string().max(1024),
  fqdns: fqdnList,
  warnDays: z.number().int().min(0).max(3650).optional(),
  connectorVersion: z.string().max(20).optional(),
  /** PEM of extra trust anchors (private PKI). */
  trustPem,
});

export const nodeCertRequestSchema = z.strictObject({
  files: z.array(fileRefSchema).min(1, 'Choose at least one node certificate (PEM) file.').max(50),
  pool: z.string().max(253),
  nodes: fqdnList,
  nodeFqdns: fqdnList,
  sipDomain: z.string().max(253).optional(),
  warnDays: z.number().int().min(0).max(3650).optional(),
  trustPem,
});

export const csrRequestSchema = z.strictObject({
  fqdns: fqdnList.min(1, 'Give at least one name for the certificate.'),
  keySize: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]),
});

export const assembleRequestSchema = z.strictObject({
  certPem: z.string().max(MAX_PASTED_TEXT_CHARS),
  keyPem: z.string().max(MAX_PASTED_TEXT_CHARS),
  chainPem: z.string().max(MAX_PASTED_TEXT_CHARS).optional(),
  password: z.string().max(1024),
  legacyCsp: z.boolean(),
  /** Extra trust anchors (private PKI): the built PFX is judged against them too. */
  trustPem,
});

export const azureCloudSchema = z.enum(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']);
export const signInRequestSchema = z.strictObject({
  method: z.enum(['browser', 'device-code', 'azure-cli']),
  tenant: z.string().max(256).optional(),
  cloud: azureCloudSchema.optional(),
});

const regionFields = {
  project: projectSchema,
  /** $PxVmssRegion of the region in the project. */
  region: z.string().min(1, 'Say which region ($PxVmssRegion) to work on.').max(100),
};
export const regionRequestSchema = z.strictObject(regionFields);

export const prepareRequestSchema = z.strictObject({
  ...regionFields,
  owner: z.union([
    z.strictObject({ upn: z.string().min(1).max(256) }),
    z.strictObject({ objectId: z.string().min(1).max(64) }),
    z.null(),
  ]),
  dryRun: z.boolean(),
});

export const dnsCheckRequestSchema = z.strictObject({
  ...regionFields,
  /** "host:port" of a resolver; the system's when omitted. */
  resolver: z.string().max(300).optional(),
  expectIp: z.string().max(64).optional(),
});

export const probeRequestSchema = z.strictObject({
  host: z.string().min(1, 'Give the host name to probe.').max(253),
  port: z
    .number()
    .int()
    .min(1, 'The port must be a number from 1 to 65535.')
    .max(65535, 'The port must be a number from 1 to 65535.'),
  servername: z.string().max(253).optional(),
  role: z.enum(['node', 'connector']),
  pool: z.string().max(253).optional(),
  nodes: fqdnList.optional(),
  nodeFqdns: fqdnList.optional(),
  sipDomain: z.string().max(253).optional(),
  fqdn: z.string().max(253).optional(),
  trustPem,
  timeoutSeconds: z.number().min(1).max(120).optional(),
  /** "host:port" of the resolver that finds `host` (the one the DNS check asked); the system's when omitted. */
  resolver: z.string().max(300).optional(),
});

export const printRequestSchema = z.strictObject({
  markdown: z.string().min(1, 'There is no runbook to print: generate the artifacts first.').max(MAX_PASTED_TEXT_CHARS),
  title: z.string().max(200).optional(),
});

const secretKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'A secret key must be 1-128 letters, digits, ".", "_", ":" or "-".');

/**
 * The arguments of every method, in order. `dispatch` refuses a call whose arguments do not parse;
 * the WizardApi signatures are checked against these tuples at compile time (electron/services/wizard-api/dispatch.ts).
 */
export const METHOD_ARGS = {
  info: z.tuple([]),
  validate: z.tuple([projectSchema, secretsSchema.optional()]),
  generate: z.tuple([generateRequestSchema]),
  importScripts: z.tuple([importRequestSchema]),
  saveArtifacts: z.tuple([saveArtifactsRequestSchema, opIdSchema.optional()]),
  downloadArtifacts: z.tuple([generateRequestSchema]),
  exportProject: z.tuple([projectSchema]),
  openProjectFile: z.tuple([fileRefSchema]),
  analyzePfx: z.tuple([pfxRequestSchema, opIdSchema]),
  analyzeNodeCertificates: z.tuple([nodeCertRequestSchema, opIdSchema]),
  createCsr: z.tuple([csrRequestSchema]),
  assemblePfx: z.tuple([assembleRequestSchema]),
  azureSignIn: z.tuple([signInRequestSchema, opIdSchema]),
  azureSignOut: z.tuple([]),
  azurePreflight: z.tuple([regionRequestSchema, opIdSchema]),
  azurePrepare: z.tuple([prepareRequestSchema, opIdSchema]),
  azurePublicIp: z.tuple([regionRequestSchema, opIdSchema]),
  dnsCheck: z.tuple([dnsCheckRequestSchema, opIdSchema]),
  tlsProbe: z.tuple([probeRequestSchema, opIdSchema]),
  cancel: z.tuple([opIdSchema]),
  listProjects: z.tuple([]),
  loadProject: z.tuple([projectIdSchema]),
  saveProject: z.tuple([projectSchema, z.string().max(500), projectIdSchema.optional()]),
  pickFile: z.tuple([fileKindSchema]),
  pickFolder: z.tuple([]),
  storeSecret: z.tuple([secretKey, z.string().max(8192)]),
  readSecret: z.tuple([secretKey]),
  openExternal: z.tuple([z.string().max(2048)]),
  printRunbookPdf: z.tuple([printRequestSchema]),
  // --- cert branch: certificate warm-up ---
  warmCertificates: z.tuple([]),
  // Looking after a deployment (doctor branch)
  doctor: z.tuple([doctorRequestSchema, opIdSchema]),
  maintain: z.tuple([changeRequestSchema, opIdSchema]),
  // connector ZIP check (scripts branch)
  checkConnectorZip: z.tuple([fileRefSchema, z.string().min(1).max(32)]),
} as const satisfies Record<WizardApiMethod, z.ZodTuple>;

export type MethodArgs<M extends WizardApiMethod> = z.infer<(typeof METHOD_ARGS)[M]>;

export type GenerateRequest = z.infer<typeof generateRequestSchema>;
export type SaveArtifactsRequest = z.infer<typeof saveArtifactsRequestSchema>;
export type ImportRequest = z.infer<typeof importRequestSchema>;
export type FileRef = z.infer<typeof fileRefSchema>;
export type FileKind = z.infer<typeof fileKindSchema>;
export type PfxRequest = z.infer<typeof pfxRequestSchema>;
export type NodeCertRequest = z.infer<typeof nodeCertRequestSchema>;
export type CsrRequest = z.infer<typeof csrRequestSchema>;
export type AssembleRequest = z.infer<typeof assembleRequestSchema>;
export type AzureCloud = z.infer<typeof azureCloudSchema>;
export type SignInRequest = z.infer<typeof signInRequestSchema>;
export type SignInMethod = SignInRequest['method'];
export type RegionRequest = z.infer<typeof regionRequestSchema>;
export type PrepareRequest = z.infer<typeof prepareRequestSchema>;
export type DnsCheckRequest = z.infer<typeof dnsCheckRequestSchema>;
export type ProbeRequest = z.infer<typeof probeRequestSchema>;
export type PrintRequest = z.infer<typeof printRequestSchema>;
