import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeGracefully } from '../../api/shutdown.ts';

// A kept-alive connection whose next request is written just as shutdown begins.
async function secondRequestDuringShutdown(close: (s: http.Server) => Promise<void>): Promise<string> {
  const server = http.createServer((_req, res) => { res.end('ok'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => { received += d.toString(); });
  const ended = new Promise<void>((r) => { socket.on('close', () => r()); socket.on('error', () => r()); });
  const get = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
  socket.write(get);
  while (!received.includes('ok')) await new Promise((r) => setTimeout(r, 5));
  received = '';
  const closed = close(server);
  socket.write(get);
  await ended;
  await closed;
  return received;
}

describe('closeGracefully', () => {
  it('answers a request that arrives on an open connection as shutdown begins, with Connection: close', async () => {
    const answer = await secondRequestDuringShutdown((s) => closeGracefully(s));
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });

  it('where plain server.close() drops it', async () => {
    const answer = await secondRequestDuringShutdown((s) => new Promise((r) => s.close(() => r())));
    expect(answer).toBe('');
  });
});
