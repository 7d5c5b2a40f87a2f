// The simulator's door.
export { createSimulator, MIN_SPEED, MAX_SPEED } from './simulator.js';
export type { SimOptions, SimStats, Simulator } from './simulator.js';
export { scenarioNames, scenarioMinutes, parseScenario, scenarioEffect } from './scenarios.js';
export type { ScenarioName } from './scenarios.js';
export { conditionsAt, baseRain, tide } from './weather.js';
export { httpTransport, TransportError } from './http-transport.js';
export type { SimTransport, DeviceProvision, ServiceGroupInput } from './transport.js';
export { createSimControl } from './sim-api.js';
export type { SimControl } from './sim-api.js';
export { mqttTransport } from './mqtt-transport.js';
