import type { Server } from 'node:http';
import net from 'node:net';

// http.Server.close() also destroys every keep-alive connection that is idle at that instant,
// including one whose next request is already on the wire but not yet parsed: that request is
// lost (ECONNRESET). Instead: stop accepting connections, answer whatever still arrives on open
// ones with `Connection: close`, close the idle ones a moment later, and cut what remains after
// the grace period.
export const IDLE_CLOSE_DELAY_MS = 1_000;

export function closeGracefully(server: Server, graceMs = 15_000): Promise<void> {
  server.prependListener('request', (_req, res) => { res.setHeader('Connection', 'close'); });
  const closed = new Promise<void>((resolve) => { net.Server.prototype.close.call(server, () => resolve()); });
  const idle = setTimeout(() => server.closeIdleConnections(), IDLE_CLOSE_DELAY_MS);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  return closed.finally(() => { clearTimeout(idle); clearTimeout(cut); });
}
