// The recording proxies against peers that do not follow the protocol: a loopback fake server
// and a raw client. Nothing they send may crash the process or stop the bytes.
import net from 'node:net';
import { ByteQueue } from '../src/proxy/byte-queue.js';
import { MysqlRecordingProxy } from '../src/proxy/mysql/proxy.js';
import { FrontendReader } from '../src/proxy/postgres/frontend.js';

const pkt = (seq: number, payload: Buffer) => {
  const h = Buffer.alloc(4);
  h.writeUIntLE(payload.length, 0, 3);
  h[3] = seq;
  return Buffer.concat([h, payload]);
};

const GREETING = Buffer.concat([
  Buffer.from([10]),
  Buffer.from('8.0.0\0'),
  Buffer.from([1, 0, 0, 0]),
  Buffer.alloc(8, 0x41),
  Buffer.from([0]),
  Buffer.from([0xff, 0xf7]),
  Buffer.from([33]),
  Buffer.from([2, 0]),
  Buffer.from([0xff, 0x81]),
  Buffer.from([21]),
  Buffer.alloc(10),
  Buffer.alloc(13, 0x42),
]);
const OK = Buffer.from([0, 0, 0, 2, 0, 0, 0]);

/** A fake MySQL server: greeting, OK to the handshake, then `answer` to each later chunk. */
async function fakeServer(answer: (socket: net.Socket) => void): Promise<{ server: net.Server; close: () => void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.write(pkt(0, GREETING));
    let n = 0;
    s.on('data', () => (++n === 1 ? s.write(pkt(2, OK)) : answer(s)));
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    server,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

async function session(server: net.Server, commands: Buffer[]): Promise<{ proxy: MysqlRecordingProxy; got: number }> {
  const port = (server.address() as net.AddressInfo).port;
  const proxy = await MysqlRecordingProxy.start({ host: '127.0.0.1', port });
  const c = net.connect(proxy.port, '127.0.0.1');
  let got = 0;
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    let step = 0;
    c.on('data', () => {
      got++;
      step++;
      if (step === 1) c.write(pkt(1, Buffer.alloc(40, 0)));
      else if (step - 2 < commands.length) c.write(commands[step - 2]!);
      if (step - 1 >= commands.length + 1) resolve();
    });
    timer = setTimeout(resolve, 1500);
  });
  clearTimeout(timer);
  c.destroy();
  return { proxy, got };
}

test('pipelined commands: forwarded, the connection no longer followed (not misread, no crash)', async () => {
  const fake = await fakeServer((s) => s.write(pkt(1, OK)));
  const { proxy, got } = await session(fake.server, [
    Buffer.concat([pkt(0, Buffer.from('\x03DO 1')), pkt(0, Buffer.from('\x16SELECT ?'))]),
  ]);
  expect(got).toBeGreaterThanOrEqual(3);
  expect(proxy.unreadableConnections).toBe(1);
  await proxy.close();
  fake.close();
});

test('an execute shorter than its parameter types say is forwarded, its parameters null', async () => {
  const prepareOk = Buffer.concat([
    pkt(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])),
    pkt(2, Buffer.from([3, 0x64, 0x65, 0x66])),
    pkt(3, Buffer.from([0xfe, 0, 0, 2, 0])),
  ]);
  let answers = 0;
  const fake = await fakeServer((s) => s.write(++answers === 1 ? prepareOk : pkt(1, OK)));
  const { proxy, got } = await session(fake.server, [
    pkt(0, Buffer.from('\x16SELECT ?')),
    pkt(0, Buffer.from([0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0x08, 0])),
  ]);
  expect(got).toBeGreaterThanOrEqual(4);
  await proxy.close();
  fake.close();
});

test('a large message is joined once, whole, from its chunks', () => {
  const q = new ByteQueue();
  for (let i = 0; i < 1000; i++) q.append(Buffer.alloc(1000, i % 256));
  expect(q.length).toBe(1_000_000);
  expect(q.peek(3, 999)).toEqual(Buffer.from([0, 1, 1]));
  const first = q.take(1500);
  expect(first.length).toBe(1500);
  expect(first[1499]).toBe(1);
  expect(q.length).toBe(998_500);

  const reader = new FrontendReader();
  const sql = 'SELECT ' + 'x'.repeat(5_000_000);
  const body = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5);
  message.write('Q', 0);
  message.writeInt32BE(body.length + 4, 1);
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8, 0);
  startup.writeInt32BE(196608, 4);
  expect(reader.push(startup).messages).toHaveLength(1);
  const all = Buffer.concat([message, body]);
  let out: ReturnType<FrontendReader['push']>['messages'] = [];
  for (let i = 0; i < all.length; i += 16_384) out = out.concat(reader.push(all.subarray(i, i + 16_384)).messages);
  expect(out).toHaveLength(1);
  expect(out[0]).toMatchObject({ kind: 'query' });
  expect((out[0] as { sql: string }).sql.length).toBe(sql.length);
});

test('a startup packet over the server’s own limit is not read', () => {
  const reader = new FrontendReader();
  const big = Buffer.alloc(8);
  big.writeInt32BE(20_000, 0);
  const r = reader.push(big);
  expect(r.messages).toEqual([]);
  expect(r.unreadable?.length).toBe(8);
});
