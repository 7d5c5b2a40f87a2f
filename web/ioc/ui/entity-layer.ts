import L from 'leaflet';
import { anchorOf, lineOf } from '../core/geometry.js';
import { StatusClusters, type ClusterView } from '../core/clusters.js';
import type { LayerSpec } from '../core/layers.js';
import type { Entity } from '../core/values.js';
import { toLatLng, type MapLayer, type MapView } from './map-view.js';
import type { PointCanvas, PointSource } from './point-canvas.js';

export interface EntityLayerSource {
  /** The entities this layer shows now (already filtered by district). */
  entities(): Entity[];
  now(): number;
  select(id: string): void;
}

/** One domain's layer: clustered status points (drawn by the shared PointCanvas) and coloured lines. */
export class EntityLayer implements MapLayer, PointSource {
  private readonly lines = L.layerGroup();
  private mapView: MapView | undefined;
  private clusters: StatusClusters | undefined;
  private pending = 0;
  readonly colours: Readonly<Record<string, string>>;

  constructor(
    readonly spec: LayerSpec,
    private readonly source: EntityLayerSource,
    private readonly points: PointCanvas,
  ) {
    this.colours = spec.colours;
  }

  onAdd(view: MapView): void {
    this.mapView = view;
    this.lines.addTo(view.map);
    this.rebuild();
    this.points.add(this);
  }

  onRemove(view: MapView): void {
    cancelAnimationFrame(this.pending);
    this.pending = 0;
    this.points.remove(this);
    view.map.removeLayer(this.lines);
    this.lines.clearLayers();
    this.mapView = undefined;
  }

  /** The data changed: rebuild once in the next frame, however many changes arrived. */
  invalidate(): void {
    if (this.mapView === undefined || this.pending !== 0) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.rebuild();
      this.points.invalidate();
    });
  }

  view(box: readonly [number, number, number, number], zoom: number): ClusterView[] {
    return this.clusters?.view(box, zoom) ?? [];
  }

  select(id: string): void {
    this.source.select(id);
  }

  expansionZoom(clusterId: number): number {
    return this.clusters!.expansionZoom(clusterId);
  }

  /** Entities on a line (road segments) are drawn along it; every other one as a clustered point. */
  private rebuild(): void {
    const now = this.source.now();
    const all = this.source.entities();
    const onLines = all.filter((e) => lineOf(e) !== undefined);
    const points = all.flatMap((e) => {
      const at = lineOf(e) === undefined ? anchorOf(e) : undefined;
      return at === undefined ? [] : [{ id: e.id, at, status: this.spec.status(e, now) }];
    });
    this.clusters = new StatusClusters(points);
    this.drawLines(this.mapView!, onLines, now);
  }

  private drawLines(view: MapView, entities: Entity[], now: number): void {
    this.lines.clearLayers();
    for (const e of entities) {
      const lines = lineOf(e)!;
      const colour = this.spec.colours[this.spec.status(e, now)];
      const line = L.polyline(
        lines.map((l) => l.map((p) => toLatLng(p))),
        { renderer: view.canvas, color: colour, weight: 5, opacity: 0.9 },
      );
      line.on('click', () => this.source.select(e.id));
      this.lines.addLayer(line);
    }
  }
}
