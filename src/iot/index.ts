// IoT ingest compatible with the FIWARE IoT Agents: the provisioning API (/iot/services,
// /iot/devices), MQTT and HTTP ingest of JSON and UltraLight 2.0 payloads, commands, dead letters.
export { createIot } from './iot.js';
export type { Iot, IotOptions, IotSettings, ContextSource } from './iot.js';
export { createBuiltInBroker, trustedUser } from './mqtt-broker.js';
export { createExternalBroker } from './mqtt-external.js';
export type { MqttTransport } from './mqtt-port.js';
export { iotPublicRoutes } from './ingest-routes.js';
