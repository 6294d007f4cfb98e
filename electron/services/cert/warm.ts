// Warming the certificate engine: the first verdict in a fresh process (or worker) otherwise pays
// for lazy compilation of the PKCS#12, ASN.1 and X.509 code and for the crypto library's first
// use of each algorithm. The app calls this when the certificate step opens, before the user has
// picked a file. It runs one complete verdict on a throw-away PFX built here (fresh EC key, a
// bundled root as its certificate: nothing secret, nothing written) and touches the PBES2, AES,
// SHA-256 and RC2 paths that PFX does not use. It also reads the system trust store's index
// (deduplicated DER, no certificate parsed): outside the app's warm-up (the CLI) a verdict reads
// it only when a chain needs it, but here the user is still choosing a file, so the first
// verdict should not wait for it.
import { createDecipheriv, generateKeyPairSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import * as tls from 'node:tls';
import { analyzePfx } from './analyze.ts';
import { pkcs12Kdf, writePkcs12 } from './pkcs12.ts';
import { rc2CbcDecrypt } from './rc2.ts';
import { wasmIterKernels } from './iterhash-wasm.ts';
import { pemBlocks, systemTrustStore } from './x509.ts';

let warmed = false;

/** Idempotent; never throws (a warm-up that fails only means the first verdict is slower). */
export function warmUp(): void {
  if (warmed) return;
  warmed = true;
  try {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const root = tls.rootCertificates.map((p) => pemBlocks(p)[0]?.der).find((d) => d !== undefined);
    if (root) {
      const pfx = writePkcs12(pkcs8, [root], 'warm-up', { iterations: 2 });
      analyzePfx(pfx, { password: 'warm-up', fqdns: ['warm-up.invalid'], systemRoots: false, fileName: 'warm-up.pfx' });
    }
    // The app checks PFX files one after another: build the WebAssembly KDF kernels now.
    wasmIterKernels();
    const salt = randomBytes(8);
    pbkdf2Sync('warm-up', salt, 1, 32, 'sha256');
    pkcs12Kdf('sha256', Buffer.from('warm-up'), salt, 3, 2, 32);
    const d = createDecipheriv('aes-256-cbc', randomBytes(32), randomBytes(16));
    d.setAutoPadding(false);
    d.update(Buffer.alloc(16));
    d.final();
    rc2CbcDecrypt(randomBytes(5), randomBytes(8), 40, Buffer.alloc(8));
    void systemTrustStore().size;
  } catch {
    /* best effort */
  }
}
