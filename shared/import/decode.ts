// Text of a script file from its bytes, as Windows tools write them: UTF-8 with or without BOM,
// UTF-16 LE/BE with BOM (Windows PowerShell's "Unicode"), and Windows-1252 for BOM-less bytes that
// are not valid UTF-8 (what Windows PowerShell 5.1 and older editors save by default). Pure: the Node
// side reads the bytes, the wizard passes uploaded bytes, both decode here.
import type { Finding } from '../model/finding.ts';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

export function decodeScriptBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** Windows-1252 0x80-0x9F (the rest is ISO-8859-1); the five unassigned bytes stay C1 controls, as WHATWG does. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Our own table: Node's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x80 becomes U+0080, not €).
 * Every byte has a meaning, so this never fails; the finding tells the user which reading was chosen.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    let out = '';
    const end = Math.min(bytes.length, i + CHUNK);
    for (let k = i; k < end; k++) {
      const b = bytes[k]!;
      out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
    }
    parts.push(out);
  }
  return parts.join('');
}

/** The info finding for a file read as Windows-1252; none for the Unicode encodings. */
export function encodingFindings(decoded: DecodedText, source: string): Finding[] {
  if (decoded.encoding !== 'windows-1252') return [];
  return [
    {
      region: null,
      field: null,
      severity: 'info',
      code: 'import.encoding-windows-1252',
      message: `The ${source} is not UTF-8 (it has no byte order mark and bytes that are not valid UTF-8), so it was read as Windows-1252, what Windows PowerShell 5.1 and older editors write. Check accented letters in the values; saving the file as UTF-8 avoids the guess.`,
    },
  ];
}
