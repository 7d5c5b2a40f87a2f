import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { makeTestApp, TEST_TOKEN, type TestApp } from './support/app.js';
import { storeNames } from './support/stores.js';

// A stop (SIGTERM, SIGINT) closes the HTTP server: idle keep-alive connections close at once,
// requests in progress get DOTHI_SHUTDOWN_GRACE_MS, and then every connection left is closed, so
// that no client can hold a stop back.

/** A raw connection to the server; `closed` settles when the server closes it. */
async function open(
  port: number,
): Promise<{ socket: Socket; received: () => string; closed: Promise<unknown> }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  return { socket, received: () => text, closed: once(socket, 'close') };
}

const [store] = storeNames();

describe('HTTP server shutdown', () => {
  let t: TestApp;
  let port: number;
  const clients: Socket[] = [];
  before(async () => {
    t = await makeTestApp(store!, { DOTHI_SHUTDOWN_GRACE_MS: '300' });
    await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.http.server.address() as { port: number }).port;
  });
  // A failing close leaves client sockets open: closing them here lets the suite end.
  after(async () => {
    for (const socket of clients) socket.destroy();
    await t.dispose();
  });

  // Bounded so that a close that never ends fails the test rather than hangs the suite.
  it(
    'closes an idle keep-alive connection and one whose request never completes',
    { timeout: 20_000 },
    async () => {
      const idle = await open(port);
      clients.push(idle.socket);
      idle.socket.write(
        `GET /ngsi-ld/v1/entities?type=T HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nAuthorization: Bearer ${TEST_TOKEN}\r\n\r\n`,
      );
      while (!/\r\n\r\n/.test(idle.received())) await once(idle.socket, 'data');
      assert.match(idle.received(), /^HTTP\/1\.1 200 /);

      // Headers and 10 of the 100 bytes of body it announces: a request in progress, for ever.
      const stuck = await open(port);
      clients.push(stuck.socket);
      stuck.socket.write(
        `POST /ngsi-ld/v1/entities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nAuthorization: Bearer ${TEST_TOKEN}\r\n\r\n{"id": "ur`,
      );
      await new Promise((r) => setTimeout(r, 50));

      // Without the grace period, close() waits for the stuck request, which never ends.
      await t.app.http.close();
      await idle.closed;
      await stuck.closed;
      assert.equal(idle.socket.destroyed, true);
      assert.equal(stuck.socket.destroyed, true);
      assert.doesNotMatch(stuck.received(), /HTTP\/1\.1 2\d\d/);
    },
  );
});
