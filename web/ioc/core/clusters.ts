import Supercluster, { type ClusterProperties } from 'supercluster';
import type { LngLat } from './geometry.js';

// Clustering with a status breakdown: each point carries its status, each cluster the count per
// status (supercluster's map/reduce), so a zoomed-out map still shows how many are full, red, out.

export interface PointItem {
  id: string;
  at: LngLat;
  status: string;
}

interface PointProps {
  id: string;
  status: string;
}
interface ClusterProps {
  counts: Record<string, number>;
}

export type ClusterView =
  | { kind: 'point'; id: string; at: LngLat; status: string }
  | { kind: 'cluster'; clusterId: number; at: LngLat; count: number; counts: Record<string, number> };

export class StatusClusters {
  private readonly index = new Supercluster<PointProps, ClusterProps>({
    radius: 60,
    maxZoom: 16,
    map: (p) => ({ counts: { [p.status]: 1 } }),
    reduce: (acc, p) => {
      for (const [s, n] of Object.entries(p.counts)) acc.counts[s] = (acc.counts[s] ?? 0) + n;
    },
  });

  constructor(points: readonly PointItem[]) {
    this.index.load(
      points.map((p) => ({
        type: 'Feature',
        properties: { id: p.id, status: p.status },
        geometry: { type: 'Point', coordinates: [p.at[0], p.at[1]] },
      })),
    );
  }

  /** What to draw in this box at this zoom. */
  view(box: readonly [number, number, number, number], zoom: number): ClusterView[] {
    return this.index.getClusters([...box], Math.round(zoom)).map((f) => {
      const at = f.geometry.coordinates as unknown as LngLat;
      const p = f.properties as Partial<PointProps & ClusterProps & ClusterProperties>;
      if (p.cluster === true) {
        return { kind: 'cluster', clusterId: p.cluster_id!, at, count: p.point_count!, counts: p.counts! };
      }
      return { kind: 'point', id: p.id!, at, status: p.status! };
    });
  }

  /** The zoom at which a cluster falls apart. */
  expansionZoom(clusterId: number): number {
    return this.index.getClusterExpansionZoom(clusterId);
  }
}

/** A cluster's ring: one slice per status present, in the layer's legend order, as fractions of a turn. */
export function breakdownSlices(
  counts: Record<string, number>,
  colours: Readonly<Record<string, string>>,
): Array<{ colour: string; from: number; to: number }> {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  let at = 0;
  const slices: Array<{ colour: string; from: number; to: number }> = [];
  for (const [status, colour] of Object.entries(colours)) {
    const n = counts[status] ?? 0;
    if (n === 0) continue;
    slices.push({ colour, from: at, to: at + n / total });
    at += n / total;
  }
  return slices;
}
