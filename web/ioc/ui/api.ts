import type { Entity } from '../core/values.js';

// Authenticated calls to dothi. The token is kept for the browser tab's session only
// (sessionStorage) and travels in the Authorization header, never in a URL.
const KEY = 'dothi.ioc.token';

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  set: (token: string) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};

export class Unauthorized extends Error {}

export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${session.token() ?? ''}`);
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) throw new Unauthorized('token refused');
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await apiFetch(path)).json()) as T;
}

/**
 * Every entity of these types, page by page (the broker caps a page at its max limit); each page
 * is handed on as it arrives, so the map fills in while the rest loads.
 */
export async function loadEntities(
  types: readonly string[],
  onPage: (page: Entity[]) => void,
): Promise<void> {
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const q = new URLSearchParams({
      type: types.join(','),
      options: 'keyValues',
      limit: String(limit),
      offset: String(offset),
    });
    const page = await getJson<Entity[]>(`/ngsi-ld/v1/entities?${q}`);
    onPage(page);
    if (page.length < limit) return;
  }
}

export interface MapConfig {
  tilesUrl: string | null;
  layers: string[];
  attribution: string;
}

export async function publicJson<T>(path: string): Promise<T> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}
