import L from 'leaflet';
import { breakdownSlices, type ClusterView } from '../core/clusters.js';
import type { MapLayer, MapView } from './map-view.js';

// Every point layer's clusters and points drawn in one pass on one canvas: tens of thousands of
// entities stay smooth because nothing per entity lives in the DOM or in the map library.

export interface PointSource {
  /** Status colours in legend order (cluster slices follow it). */
  colours: Readonly<Record<string, string>>;
  view(box: readonly [number, number, number, number], zoom: number): ClusterView[];
  /** A click on a point. */
  select(id: string): void;
  expansionZoom(clusterId: number): number;
}

interface Drawn {
  x: number;
  y: number;
  r: number;
  item: ClusterView;
  source: PointSource;
}

const POINT_R = 7;
const clusterRadius = (n: number) => (n < 100 ? 16 : n < 1000 ? 20 : 24);

export class PointCanvas implements MapLayer {
  private readonly sources = new Set<PointSource>();
  private readonly canvas = L.DomUtil.create('canvas', 'entities-canvas');
  private drawn: Drawn[] = [];
  private view: MapView | undefined;
  private frame = 0;
  private readonly handlers = {
    moveend: () => this.redraw(),
    zoomstart: () => (this.canvas.style.visibility = 'hidden'),
    resize: () => this.redraw(),
    click: (e: L.LeafletMouseEvent) => this.click(e.containerPoint),
  };

  onAdd(view: MapView): void {
    this.view = view;
    view.map.getPanes().overlayPane.appendChild(this.canvas);
    view.map.on(this.handlers);
    this.redraw();
  }

  onRemove(view: MapView): void {
    view.map.off(this.handlers);
    cancelAnimationFrame(this.frame);
    this.canvas.remove();
    this.view = undefined;
  }

  add(source: PointSource): void {
    this.sources.add(source);
    this.invalidate();
  }

  remove(source: PointSource): void {
    this.sources.delete(source);
    this.invalidate();
  }

  /** Redraws once in the next frame, however many sources changed. */
  invalidate(): void {
    if (this.frame !== 0 || this.view === undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.redraw();
    });
  }

  private redraw(): void {
    const view = this.view;
    if (view === undefined) return;
    const map = view.map;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = size.x * ratio;
    this.canvas.height = size.y * ratio;
    this.canvas.style.width = `${size.x}px`;
    this.canvas.style.height = `${size.y}px`;
    L.DomUtil.setPosition(this.canvas, map.containerPointToLayerPoint([0, 0]));
    this.canvas.style.visibility = 'visible';
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.drawn = [];
    for (const source of this.sources) {
      for (const item of source.view(view.box(), view.zoom())) {
        const p = map.latLngToContainerPoint([item.at[1], item.at[0]]);
        const r = item.kind === 'point' ? POINT_R : clusterRadius(item.count);
        this.drawn.push({ x: p.x, y: p.y, r, item, source });
      }
    }
    for (const d of this.drawn) (d.item.kind === 'point' ? drawPoint : drawCluster)(ctx, d);
  }

  private click(at: L.Point): void {
    // The topmost (last drawn) item under the pointer.
    for (let i = this.drawn.length - 1; i >= 0; i--) {
      const d = this.drawn[i]!;
      if ((d.x - at.x) ** 2 + (d.y - at.y) ** 2 > (d.r + 2) ** 2) continue;
      if (d.item.kind === 'point') return d.source.select(d.item.id);
      const zoom = d.source.expansionZoom(d.item.clusterId);
      return void this.view?.map.setView([d.item.at[1], d.item.at[0]], zoom);
    }
  }
}

function drawPoint(ctx: CanvasRenderingContext2D, d: Drawn): void {
  const item = d.item as Extract<ClusterView, { kind: 'point' }>;
  ctx.beginPath();
  ctx.arc(d.x, d.y, d.r, 0, Math.PI * 2);
  ctx.fillStyle = d.source.colours[item.status] ?? '#9e9e9e';
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
}

/** A ring with one slice per status, and the count in the middle. */
function drawCluster(ctx: CanvasRenderingContext2D, d: Drawn): void {
  const item = d.item as Extract<ClusterView, { kind: 'cluster' }>;
  const turn = (f: number) => -Math.PI / 2 + f * Math.PI * 2;
  for (const slice of breakdownSlices(item.counts, d.source.colours)) {
    ctx.beginPath();
    ctx.moveTo(d.x, d.y);
    ctx.arc(d.x, d.y, d.r, turn(slice.from), turn(slice.to));
    ctx.closePath();
    ctx.fillStyle = slice.colour;
    ctx.fill();
  }
  ctx.beginPath();
  ctx.arc(d.x, d.y, d.r * 0.62, 0, Math.PI * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.fillStyle = '#1d2733';
  ctx.font = 'bold 11px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(String(item.count), d.x, d.y);
}
