// Runs the emulator by hand, to try the CLI as a user would:
//   node --import tsx test/support/azure-emulator/serve.ts
// prints the CA file (for NODE_EXTRA_CA_CERTS), the endpoints and pre-obtained tokens.
import { makeTestCa } from './ca.ts';
import { startAzureEmulator } from './emulator.ts';

const ca = makeTestCa();
const emu = await startAzureEmulator(ca);
const users = { owner: emu.state.users[0]!, alice: emu.state.users[1]! };
process.stdout.write(
  `${JSON.stringify(
    {
      caFile: ca.caPemPath,
      urls: emu.urls,
      tokens: Object.fromEntries(
        Object.entries(users).map(([k, u]) => [
          k,
          { arm: emu.issueToken(u.id, 'arm'), graph: emu.issueToken(u.id, 'graph') },
        ]),
      ),
      clients: emu.state.clients,
    },
    null,
    2,
  )}\n`,
);
process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
