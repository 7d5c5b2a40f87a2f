import { layerIds, type LayerId } from './layers.js';

// User commands declared once: the same entry drives the button, the shortcut and the help line.
export type CommandId = 'search' | 'language' | 'close' | `toggle.${LayerId}`;

export interface Command {
  id: CommandId;
  key: string;
}

export const commands: readonly Command[] = [
  { id: 'search', key: '/' },
  { id: 'language', key: 'l' },
  { id: 'close', key: 'Escape' },
  ...layerIds.map((id, i) => ({ id: `toggle.${id}` as const, key: String(i + 1) })),
];

/** The command a key press runs; none while typing in a field (except Escape). */
export function commandForKey(key: string, typing: boolean): CommandId | undefined {
  if (typing && key !== 'Escape') return undefined;
  return commands.find((c) => c.key === key || c.key === key.toLowerCase())?.id;
}
