// The text of a password file. Editors mark encodings with a byte-order mark (Windows Notepad
// writes one for "UTF-8 with BOM" and for its "Unicode" UTF-16): the mark is not part of the
// password. One trailing line break belongs to the file too. Nothing else is trimmed: spaces can
// be part of a password.

/** Decodes a password file: UTF-8 (BOM or not) or UTF-16 with a BOM; drops one final line break. */
export function passwordFromFile(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = new Uint8Array(bytes.length - 2 - (bytes.length % 2));
    for (let i = 0; i + 1 < swapped.length; i += 2) {
      swapped[i] = bytes[i + 3]!;
      swapped[i + 1] = bytes[i + 2]!;
    }
    text = new TextDecoder('utf-16le').decode(swapped);
  } else {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    text = new TextDecoder('utf-8').decode(bom ? bytes.subarray(3) : bytes);
  }
  // A BOM some tools repeat after conversion, and the final line break.
  return text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
}
