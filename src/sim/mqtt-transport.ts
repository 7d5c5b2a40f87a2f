// Measures over MQTT (IoTA-JSON topic `/json/<apikey>/<deviceId>/attrs`, QoS 1, so a publish
// resolves once the platform has made it durable); provisioning and NGSI-LD still go over HTTP.
// The only file of the simulator that imports the MQTT client library.
import { connectAsync, type MqttClient } from 'mqtt';
import type { SimTransport } from './transport.js';

export interface MqttTransportOptions {
  /** mqtt://host:port of the platform's broker. */
  url: string;
  /** Devices authenticate with their service group's apikey as user name. */
  apikey: string;
  /** Provisioning and NGSI-LD. */
  http: SimTransport;
}

export async function mqttTransport(o: MqttTransportOptions): Promise<SimTransport> {
  const client: MqttClient = await connectAsync(o.url, {
    username: o.apikey,
    clientId: `dothi-sim-${o.apikey}-${process.pid}`,
    reconnectPeriod: 1000,
  });
  return {
    ...o.http,
    publish: async (apikey, deviceId, measures) => {
      await client.publishAsync(`/json/${apikey}/${deviceId}/attrs`, JSON.stringify(measures), { qos: 1 });
    },
    close: async () => {
      await client.endAsync();
      await o.http.close();
    },
  };
}
