// A small authoritative DNS server for tests, on 127.0.0.1 only: answers A and SRV queries from a
// zone given as data, over UDP and TCP on the same port. Names can be told to fail (SERVFAIL) or
// to stay silent (the resolver times out).
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

export interface ZoneSrv {
  priority: number;
  weight: number;
  port: number;
  target: string;
}
export interface ZoneEntry {
  A?: string[];
  SRV?: ZoneSrv[];
  /** servfail: answer SERVFAIL; drop: never answer. */
  behaviour?: 'servfail' | 'drop';
}
/** Owner name (any case, trailing dot optional) → records. */
export type Zone = Record<string, ZoneEntry>;

export interface TestDnsServer {
  /** "127.0.0.1:port", ready for Resolver.setServers / --resolver. */
  address: string;
  port: number;
  /** Queries answered (or dropped) so far. */
  queries: number;
  setZone(zone: Zone): void;
  close(): Promise<void>;
}

const NXDOMAIN = 3;
const SERVFAIL = 2;

function norm(name: string): string {
  return name.replace(/\.+$/, '').toLowerCase();
}

function indexZone(zone: Zone): Map<string, ZoneEntry> {
  return new Map(Object.entries(zone).map(([k, v]) => [norm(k), v]));
}

/** Builds the answer for one query packet, or null to stay silent. */
function answer(query: dnsPacket.DecodedPacket, zone: Map<string, ZoneEntry>): dnsPacket.Packet | null {
  const q = query.questions?.[0];
  const base = { type: 'response' as const, id: query.id, questions: query.questions ?? [] };
  if (!q) return { ...base, flags: dnsPacket.AUTHORITATIVE_ANSWER | SERVFAIL };
  const entry = zone.get(norm(q.name));
  if (entry?.behaviour === 'drop') return null;
  if (entry?.behaviour === 'servfail') return { ...base, flags: SERVFAIL };
  if (!entry) return { ...base, flags: dnsPacket.AUTHORITATIVE_ANSWER | NXDOMAIN };
  const answers: dnsPacket.Answer[] = [];
  if (q.type === 'A')
    for (const a of entry.A ?? []) answers.push({ type: 'A', name: q.name, ttl: 60, class: 'IN', data: a });
  if (q.type === 'SRV')
    for (const s of entry.SRV ?? []) answers.push({ type: 'SRV', name: q.name, ttl: 60, class: 'IN', data: { ...s } });
  // An existing name without records of the asked type: NOERROR with no answers (NODATA).
  return { ...base, flags: dnsPacket.AUTHORITATIVE_ANSWER, answers };
}

async function bindBoth(): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => resolve(udp.address().port));
    });
    const tcp = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return { udp, tcp, port };
    udp.close();
  }
  throw new Error('could not bind UDP and TCP on the same loopback port');
}

export async function startDnsServer(initial: Zone): Promise<TestDnsServer> {
  let zone = indexZone(initial);
  const { udp, tcp, port } = await bindBoth();
  const sockets = new Set<net.Socket>();
  const server: TestDnsServer = {
    address: `127.0.0.1:${port}`,
    port,
    queries: 0,
    setZone(z) {
      zone = indexZone(z);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        udp.close(() => tcp.close(() => resolve()));
      }),
  };

  udp.on('message', (msg, rinfo) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return;
    }
    server.queries++;
    const reply = answer(query, zone);
    if (reply) udp.send(dnsPacket.encode(reply), rinfo.port, rinfo.address);
  });

  tcp.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        let query: dnsPacket.DecodedPacket;
        try {
          query = dnsPacket.decode(msg);
        } catch {
          sock.destroy();
          return;
        }
        server.queries++;
        const reply = answer(query, zone);
        if (reply) sock.write(dnsPacket.streamEncode(reply));
      }
    });
  });
  return server;
}

/** The zone a correct deployment of the guide's example project publishes (000_…txt). */
export function exampleZone(connectorIp = '20.50.60.70'): Zone {
  const nodes = ['px01.vc.example.com', 'px02.vc.example.com'];
  const srv = (port: number, pexapp = false): ZoneSrv[] =>
    nodes.map((target, i) =>
      pexapp ? { priority: 10 * (i + 1), weight: 100, port, target } : { priority: 10, weight: 10, port, target },
    );
  const zone: Zone = {
    'pexip-teamsconn-eu.teams.example.com': { A: [connectorIp] },
    'px01.vc.example.com': { A: ['198.51.100.40'] },
    'px02.vc.example.com': { A: ['198.51.100.41'] },
    'px.vc.example.com': { A: ['198.51.100.40', '198.51.100.41'] },
    '_sipfederationtls._tcp.vc.example.com': {
      SRV: [{ priority: 1, weight: 100, port: 5061, target: 'px.vc.example.com' }],
    },
  };
  for (const d of ['example.com', 'vc.example.com']) {
    zone[`_h323cs._tcp.${d}`] = { SRV: srv(1720) };
    zone[`_h323ls._udp.${d}`] = { SRV: srv(1719) };
    zone[`_sip._tcp.${d}`] = { SRV: srv(5060) };
    zone[`_sips._tcp.${d}`] = { SRV: srv(5061) };
    zone[`_pexapp._tcp.${d}`] = { SRV: srv(443, true) };
  }
  return zone;
}
