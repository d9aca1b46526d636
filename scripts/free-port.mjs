// scripts/free-port.mjs: a TCP port on 127.0.0.1 that is free now, chosen by the OS (listen on
// port 0, read the port, close). For the local servers, the bench and the consumer apps.
import net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
