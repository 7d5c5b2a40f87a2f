import { z } from 'zod';

// Provisioning shapes of the FIWARE IoT Agent library (iotagent-node-lib, doc/api.md): service
// groups ("config groups") and devices, with the library's field names, so that existing
// provisioning scripts work unchanged. Unknown members are kept (`loose`) as the library keeps them.

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'a name of letters, digits and _');
/** Ids travel in MQTT topics and URLs: no '/', '+', '#', spaces or '?'. */
const deviceIdText = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, '1-128 letters, digits, _ . : -');
const apikeyText = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, '1-64 letters, digits, _ . -');

export const attributeSchema = z.looseObject({
  object_id: z.string().min(1).max(128).optional(),
  name,
  type: z.string().min(1).max(64).default('Property'),
  expression: z.string().max(1024).optional(),
});
export type AttributeMapping = z.output<typeof attributeSchema>;

export const staticAttributeSchema = z.looseObject({
  name,
  type: z.string().min(1).max(64).default('Property'),
  value: z.unknown(),
});
export type StaticAttribute = z.output<typeof staticAttributeSchema>;

export const commandSchema = z.looseObject({
  name,
  type: z.string().default('command'),
  expression: z.string().max(1024).optional(),
});
export type Command = z.output<typeof commandSchema>;

const common = {
  entity_type: name.optional(),
  attributes: z.array(attributeSchema).max(512).default([]),
  static_attributes: z.array(staticAttributeSchema).max(512).default([]),
  commands: z.array(commandSchema).max(128).default([]),
  explicitAttrs: z.boolean().default(false),
};

export const groupSchema = z.looseObject({
  apikey: apikeyText,
  resource: z
    .string()
    .regex(/^\/[A-Za-z0-9_/.-]{0,127}$/, 'a path')
    .default('/iot/json'),
  ...common,
  autoprovision: z.boolean().default(true),
  transport: z.enum(['MQTT', 'HTTP']).optional(),
});
export type ServiceGroup = z.output<typeof groupSchema>;

export const deviceSchema = z.looseObject({
  device_id: deviceIdText,
  entity_name: z.string().min(1).max(256).optional(),
  apikey: apikeyText.optional(),
  protocol: z.string().max(64).optional(),
  transport: z.enum(['MQTT', 'HTTP']).optional(),
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  ...common,
});
export type DeviceInput = z.output<typeof deviceSchema>;

/** A provisioned device as stored: every default resolved. */
export interface Device extends DeviceInput {
  entity_name: string;
  entity_type: string;
  apikey: string;
  service: string;
  subservice: string;
}

/** Where a tenant's resource lives: fiware-service and fiware-servicepath. */
export interface Scope {
  tenant: string;
  subservice: string;
}

export const isDeviceId = (s: string) => deviceIdText.safeParse(s).success;
