// Bus routes through real stops: OSM (2018) has almost no route relations, so a route is built as
// a chain of named stops, each the nearest one 250–1,500 m ahead that keeps the heading within
// 60°, the way city bus lines follow the main roads.
import type { LngLat } from '../city/city-pack.js';
import { approxMeters, bearing } from '../shapes.js';

export interface Stop {
  id: string;
  name: string;
  at: LngLat;
}

const turn = (a: number, b: number) => Math.abs(((b - a + 540) % 360) - 180);

export function buildRoute(stops: readonly Stop[], start: Stop, maxStops = 14): Stop[] {
  const route = [start];
  const used = new Set([start.id]);
  let heading: number | undefined;
  while (route.length < maxStops) {
    const here = route[route.length - 1] as Stop;
    let best: Stop | undefined;
    let bestD = Infinity;
    for (const s of stops) {
      if (used.has(s.id)) continue;
      const d = approxMeters(here.at, s.at);
      if (d < 250 || d > 1500 || d >= bestD) continue;
      if (heading !== undefined && turn(heading, bearing(here.at, s.at)) > 60) continue;
      best = s;
      bestD = d;
    }
    if (best === undefined) break;
    heading = bearing(here.at, best.at);
    used.add(best.id);
    route.push(best);
  }
  return route;
}

/** Cumulative distance (m) of each stop along the route. */
export const routeDistances = (route: readonly Stop[]): number[] =>
  route.reduce<number[]>(
    (acc, s, i) => [
      ...acc,
      i === 0 ? 0 : (acc[i - 1] as number) + approxMeters((route[i - 1] as Stop).at, s.at),
    ],
    [],
  );
