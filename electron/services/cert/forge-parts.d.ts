// Types for the two node-forge modules the PKCS#12 reader loads on their own. `node-forge` itself
// loads every forge module (TLS, RSA, PKCS#7…), which costs `tcw cert pfx` ~25 ms of its start.
declare module 'node-forge/lib/asn1.js' {
  import type forge from 'node-forge';
  const asn1: typeof forge.asn1;
  export default asn1;
}

declare module 'node-forge/lib/rc2.js' {
  import type forge from 'node-forge';
  const rc2: typeof forge.rc2;
  export default rc2;
}
