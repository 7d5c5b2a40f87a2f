// One headless Debian Chromium for the web app's browser tests (playwright-core drives it).
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';

export const artifacts = 'test-artifacts';

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(artifacts, { recursive: true });
  return launchChromium();
}

/** The colour drawn at the centre of the map, read from the entity canvas. */
export function colourAtMapCentre(page: Page): Promise<[number, number, number, number]> {
  return page.evaluate(() => {
    const map = document.getElementById('map')!.getBoundingClientRect();
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.entities-canvas')!;
    const r = canvas.getBoundingClientRect();
    const scale = canvas.width / r.width;
    const x = Math.round((map.left + map.width / 2 - r.left) * scale);
    const y = Math.round((map.top + map.height / 2 - r.top) * scale);
    const d = canvas.getContext('2d')!.getImageData(x, y, 1, 1).data;
    return [d[0]!, d[1]!, d[2]!, d[3]!];
  });
}

/** "#c62828" or "rgb(1,2,3)" → [r, g, b]. */
export function rgbOf(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex !== null) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)];
  const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number);
  return [r!, g!, b!];
}
