// Form controls that show the findings of the field they edit, right under it.
import { useContext, useId, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  MenuItem,
  Stack,
  TextField,
  Typography,
  List,
  ListItem,
  useMediaQuery,
} from '@mui/material';
import type { FileKind, FileRef } from '../../shared/api/wizard-api.ts';
import { MAX_INPUT_FILE_BYTES } from '../../shared/model/input-limits.ts';
import { useApi } from './api-context.ts';
import type { Finding } from '../../shared/model/finding.ts';
import { guiMessage } from './gui-text.ts';
import { AttemptedContext, onePerProblem, useFieldVoice } from './visibility.ts';

/** The font of values, code and pasted text. */
const MONO = 'ui-monospace, SFMono-Regular, Consolas, monospace';

export { ApiContext, useApi, type ApiInfo } from './api-context.ts';
export { AttemptedContext } from './visibility.ts';

function helperFor(shown: readonly Finding[], hint?: ReactNode): ReactNode {
  // One voice per field: the problems when there are any, else the hint. The hint would only
  // repeat the rule the message already states.
  if (shown.length === 0) return hint ?? null;
  return (
    <Box component="span" sx={{ display: 'block' }}>
      {shown.map((f, i) => (
        <Box
          component="span"
          key={`${f.code}-${i}`}
          sx={{
            display: 'block',
            color: f.severity === 'error' ? 'error.main' : f.severity === 'warning' ? 'warning.main' : 'text.secondary',
          }}
        >
          {f.severity === 'warning' ? 'Warning: ' : f.severity === 'info' ? 'Note: ' : ''}
          {guiMessage(f)}
        </Box>
      ))}
    </Box>
  );
}

/** The findings of a control that is not a text field (radio group, select), with the same timing. */
export function FieldMessages({
  findings,
  prefilled = false,
  id,
}: {
  findings: readonly Finding[];
  prefilled?: boolean;
  id?: string;
}) {
  const { shown } = useFieldVoice(findings, prefilled);
  if (shown.length === 0) return null;
  return (
    <Box id={id} sx={{ mt: 0.5 }}>
      {helperFor(shown)}
    </Box>
  );
}

interface VarFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  findings?: readonly Finding[];
  hint?: ReactNode;
  type?: string;
  name?: string;
  placeholder?: string;
  multiline?: boolean;
  minRows?: number;
  autoComplete?: string;
  required?: boolean;
  inputMode?: 'text' | 'numeric' | 'email' | 'url';
  /** Host names, short names: spaces around the value are dropped as it is typed or pasted. */
  trim?: boolean;
  /** Select list: the options (value, label). */
  options?: readonly (readonly [string, string])[];
}

export function VarField(p: VarFieldProps) {
  const { shown, onBlur } = useFieldVoice(p.findings ?? [], p.value.trim() !== '');
  const hasError = shown.some((f) => f.severity === 'error');
  // At phone width a floating label is cut to one line ("Management addresses allowed to use RD…"):
  // there the label stands above the box, whole, on as many lines as it needs. Select lists keep
  // theirs (short labels, and the list names itself by it).
  const labelAbove = useMediaQuery('(max-width: 599.95px)', { noSsr: true }) && !p.options;
  const id = useId();
  const field = (
    <TextField
      id={id}
      label={labelAbove ? undefined : p.label}
      value={p.value}
      name={p.name}
      type={p.type ?? 'text'}
      placeholder={p.placeholder}
      required={p.required}
      multiline={p.multiline}
      minRows={p.minRows}
      // Pasted scripts, certificates and install output: columns line up as in the editor, and a
      // long paste scrolls inside the field instead of pushing the page's buttons far down.
      maxRows={p.multiline ? 14 : undefined}
      sx={p.multiline ? { '& textarea': { fontFamily: MONO, fontSize: 13 } } : undefined}
      select={Boolean(p.options)}
      autoComplete={p.autoComplete ?? 'off'}
      error={hasError}
      onBlur={onBlur}
      onChange={(e) => p.onChange(p.trim ? e.target.value.trim() : e.target.value)}
      helperText={helperFor(shown, p.hint)}
      slotProps={{
        htmlInput: { spellCheck: false, ...(p.inputMode ? { inputMode: p.inputMode } : {}), 'data-field': p.name },
      }}
    >
      {p.options?.map(([value, label]) => (
        <MenuItem key={value} value={value}>
          {label}
        </MenuItem>
      ))}
    </TextField>
  );
  if (!labelAbove) return field;
  return (
    <Box>
      <Typography
        component="label"
        htmlFor={id}
        sx={{ display: 'block', mb: 0.5, fontSize: 14, color: hasError ? 'error.main' : 'text.secondary' }}
      >
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </Typography>
      {field}
    </Box>
  );
}

/** A list of values edited as text, one per line (commas also split): prefixes, FQDNs. */
export function ListField(
  p: Omit<VarFieldProps, 'value' | 'onChange'> & { value: readonly string[]; onChange: (v: string[]) => void },
) {
  const [text, setText] = useState(p.value.join('\n'));
  const [lastValue, setLastValue] = useState(p.value);
  if (lastValue !== p.value && p.value.join('\n') !== parseList(text).join('\n')) {
    setLastValue(p.value);
    setText(p.value.join('\n'));
  }
  return (
    <VarField
      {...p}
      multiline
      minRows={p.minRows ?? 2}
      value={text}
      onChange={(t) => {
        setText(t);
        const list = parseList(t);
        setLastValue(list);
        p.onChange(list);
      }}
    />
  );
}

export function parseList(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Findings of a check or of the whole step. `quiet`: findings about fields the user fills in, shown
 * only after Next was tried (results of a check the user ran always show).
 */
export function FindingList({
  findings,
  title,
  quiet = false,
}: {
  findings: readonly Finding[];
  title?: string;
  quiet?: boolean;
}) {
  const attempted = useContext(AttemptedContext);
  if (findings.length === 0 || (quiet && !attempted)) return null;
  return (
    <Stack spacing={1} sx={{ my: 1 }} aria-label={title ?? 'Findings'} role="list">
      {onePerProblem(findings).map((f, i) => (
        <Alert
          key={`${f.code}-${i}`}
          severity={f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info'}
          role="listitem"
        >
          {guiMessage(f)}
          <Typography component="span" variant="caption" sx={{ ml: 1, opacity: 0.8 }}>
            ({f.code}
            {f.field ? `, ${f.field}` : ''})
          </Typography>
        </Alert>
      ))}
    </Stack>
  );
}

export function CopyButton({ text, what }: { text: string; what: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="small"
      variant="outlined"
      aria-label={`Copy ${what}`}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => setCopied(false),
        );
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}

/** Code or script text with a copy button; scrolls instead of stretching the page. */
export function CodeBlock({ text, what, maxHeight = 320 }: { text: string; what: string; maxHeight?: number }) {
  const id = useId();
  return (
    // Copy sits in its own bar above the code: over the code it hid the ends of long lines on a narrow window.
    <Box sx={{ bgcolor: 'action.hover', borderRadius: 1 }}>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', px: 1, pt: 1 }}>
        <CopyButton text={text} what={what} />
      </Box>
      <Box
        component="pre"
        id={id}
        tabIndex={0}
        aria-label={what}
        sx={{
          m: 0,
          px: 2,
          pt: 1,
          pb: 2,
          maxHeight,
          overflow: 'auto',
          fontSize: 13,
          fontFamily: MONO,
          whiteSpace: 'pre',
        }}
      >
        {text}
      </Box>
    </Box>
  );
}

export { OperationBar } from './OperationBar.tsx';

/**
 * Largest file the page sends: the server's input-file limit. Certificates and scripts are kilobytes,
 * so a bigger file is the wrong file: say so at once instead of after a long upload.
 */
export const MAX_UPLOAD_BYTES = MAX_INPUT_FILE_BYTES;

export function tooLargeMessage(name: string, size: number): string {
  const mb = (size / (1024 * 1024)).toFixed(1);
  return `"${name}" is ${mb} MB, more than the ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB a certificate or script file can be here. Certificate and script files are a few kilobytes: choose the file itself (.pfx, .pem or .ps1), not an archive or a folder export.`;
}

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Native dialog in Electron; a file input (upload of the bytes) in browser mode. */
export function FilePicker({
  kind,
  label,
  accept,
  multiple,
  onPicked,
  chosen,
}: {
  kind: FileKind;
  label: string;
  accept: string;
  multiple?: boolean;
  onPicked: (files: FileRef[]) => void;
  chosen?: string | undefined;
}) {
  const { api, mode } = useApi();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [err, setErr] = useState<string | null>(null);
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      {mode === 'electron' ? (
        <Button
          variant="outlined"
          onClick={() => {
            void api.pickFile(kind).then(
              (f) => {
                if (f) onPicked([f]);
              },
              (e: Error) => setErr(e.message),
            );
          }}
        >
          {label}
        </Button>
      ) : (
        <>
          {/* The input stays out of the button (no nested controls); the button opens its dialog. */}
          <Button variant="outlined" onClick={() => inputRef.current?.click()}>
            {label}
          </Button>
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            accept={accept}
            multiple={multiple}
            aria-label={label}
            data-kind={kind}
            tabIndex={-1}
            style={{ display: 'none' }}
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              // Cleared so that choosing the same file again (after "Remove") fires a change.
              e.target.value = '';
              const tooBig = files.find((f) => f.size > MAX_UPLOAD_BYTES);
              if (tooBig) {
                setErr(tooLargeMessage(tooBig.name, tooBig.size));
                return;
              }
              setErr(null);
              void Promise.all(
                files.map(async (f) => ({ name: f.name, dataBase64: toBase64(await f.arrayBuffer()) })),
              ).then(onPicked, (x: Error) => setErr(`The file could not be read: ${x.message}`));
            }}
          />
        </>
      )}
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {chosen ? `Chosen: ${chosen}` : 'No file chosen yet'}
      </Typography>
      {err && (
        <Alert severity="error" onClose={() => setErr(null)}>
          {err}
        </Alert>
      )}
    </Stack>
  );
}

/** Reads a text file the user picks (scripts) into a string. */
export function TextFileButton({
  label,
  onText,
  accept = '.ps1,.txt,.json',
  kind,
}: {
  label: string;
  onText: (name: string, text: string) => void;
  accept?: string;
  kind?: string;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [err, setErr] = useState<string | null>(null);
  return (
    <>
      <Box>
        <Button variant="text" size="small" onClick={() => inputRef.current?.click()}>
          {label}
        </Button>
      </Box>
      {err && (
        <Alert severity="error" onClose={() => setErr(null)}>
          {err}
        </Alert>
      )}
      <input
        ref={inputRef}
        type="file"
        accept={accept}
        aria-label={label}
        {...(kind ? { 'data-kind': kind } : {})}
        tabIndex={-1}
        style={{ display: 'none' }}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          if (f.size > MAX_UPLOAD_BYTES) {
            setErr(tooLargeMessage(f.name, f.size));
            return;
          }
          setErr(null);
          void f.text().then((t) => onText(f.name, t));
        }}
      />
    </>
  );
}

export function Section({
  title,
  children,
  description,
}: {
  title: string;
  children: ReactNode;
  description?: ReactNode;
}) {
  const id = useId();
  return (
    <Box component="section" aria-labelledby={id} sx={{ mb: 3 }}>
      <Typography variant="h3" id={id} component="h3" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {description && (
        <Typography variant="body2" sx={{ mb: 1.5, color: 'text.secondary' }}>
          {description}
        </Typography>
      )}
      <Stack spacing={2}>{children}</Stack>
    </Box>
  );
}

/** Name/value rows; what a step shows as derived names or facts. */
export function FactTable({ rows, label }: { rows: [string, ReactNode][]; label: string }) {
  // Side by side where there is room; at phone width each label sits over its value, so a value
  // keeps the whole width instead of a column of a few characters.
  return (
    <Box
      component="dl"
      aria-label={label}
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', sm: 'minmax(160px, max-content) 1fr' },
        columnGap: 2,
        rowGap: { xs: 0.25, sm: 0.75 },
        m: 0,
      }}
    >
      {rows.map(([k, v], i) => (
        <Box key={k} sx={{ display: 'contents' }}>
          <Box component="dt" sx={{ color: 'text.secondary', fontSize: 14, mt: { xs: i ? 1 : 0, sm: 0 } }}>
            {k}
          </Box>
          <Box
            component="dd"
            sx={{
              m: 0,
              fontFamily: MONO,
              fontSize: 14,
              overflowWrap: 'anywhere',
            }}
          >
            {v}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

export function BulletList({ items }: { items: ReactNode[] }) {
  return (
    <List dense sx={{ listStyle: 'disc', pl: 3 }}>
      {items.map((it, i) => (
        <ListItem key={i} sx={{ display: 'list-item', py: 0 }}>
          {it}
        </ListItem>
      ))}
    </List>
  );
}
