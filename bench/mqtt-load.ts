// A lean MQTT 3.1.1 publisher for the load generator, the way wrk is a lean HTTP client: one TCP
// connection, packets encoded and decoded by mqtt-packet, writes of one turn of the event loop
// sent together, QoS 1 acknowledgements matched by message id. A full client (mqtt.js) keeps
// per-message state, timers and an outgoing store, and on the same two cores as the server it took
// about as much CPU per message as the ingest it was measuring.
import { connect as tcpConnect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';

export interface LeanPublisher {
  /** Sends a QoS 1 PUBLISH; `onAck` runs when its PUBACK arrives. */
  publish(topic: string, payload: string, onAck: () => void): void;
  /** Resolves with the reason if the connection ends before `close` is called. */
  readonly lost: Promise<Error>;
  close(): Promise<void>;
}

export async function connectPublisher(
  url: string,
  auth: { username: string; password?: string },
): Promise<LeanPublisher> {
  const { hostname, port } = new URL(url);
  const socket: Socket = tcpConnect({ host: hostname, port: Number(port) });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  // Message ids 1..65535; a slot holds the acknowledgement callback of the publish in flight.
  const waiting: Array<(() => void) | undefined> = new Array(65_536);
  let nextId = 0;
  let corked = false;
  let failure: Error | undefined;
  const connected = new Promise<void>((resolve, reject) => {
    parser.on('packet', (p: mqttPacket.Packet) => {
      if (p.cmd === 'connack') {
        if (p.returnCode === 0) resolve();
        else reject(new Error(`CONNACK return code ${p.returnCode}`));
      } else if (p.cmd === 'puback') {
        const cb = waiting[p.messageId!];
        waiting[p.messageId!] = undefined;
        cb?.();
      }
    });
    parser.on('error', reject);
    socket.once('close', () => reject(failure ?? new Error('connection closed')));
  });
  let closing = false;
  socket.on('error', (err) => (failure = err));
  const lost = new Promise<Error>((resolve) =>
    socket.once('close', () => {
      if (!closing) resolve(failure ?? new Error('the broker closed the connection'));
    }),
  );
  socket.on('data', (chunk: Buffer) => parser.parse(chunk));
  socket.write(
    mqttPacket.generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      clientId: `lean-${process.pid}-${Math.random().toString(16).slice(2)}`,
      keepalive: 0,
      username: auth.username,
      ...(auth.password === undefined ? {} : { password: Buffer.from(auth.password) }),
    }),
  );
  await connected;

  return {
    publish(topic, payload, onAck) {
      if (failure !== undefined) throw failure;
      do nextId = (nextId % 65_535) + 1;
      while (waiting[nextId] !== undefined);
      waiting[nextId] = onAck;
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(() => {
          corked = false;
          socket.uncork();
        });
      }
      socket.write(
        mqttPacket.generate({
          cmd: 'publish',
          topic,
          payload,
          qos: 1,
          messageId: nextId,
          retain: false,
          dup: false,
        }),
      );
    },
    lost,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        socket.end(mqttPacket.generate({ cmd: 'disconnect' }), () => resolve());
      }),
  };
}
