import type { Server } from 'node:http';

/**
 * Our local servers listen on the loopback address only, never on every interface: nothing on the
 * network can reach them, whatever the firewall says.
 */
export const LOOPBACK = '127.0.0.1';

/** Listens on 127.0.0.1:`port` (0: any free port) and answers the port it got. */
export async function listenOnLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error(`the server on ${LOOPBACK} has no TCP address`);
  return address.port;
}

/** Stops listening and ends open connections (kept-alive sockets and streams would hold `close` back). */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
