import L from 'leaflet';
import type { LngLat } from '../core/geometry.js';

// The one file that knows the map library (Leaflet). Everything drawn on the map is a MapLayer
// with a symmetric onAdd/onRemove: whatever a layer adds or listens to, it removes.

export type Box = readonly [west: number, south: number, east: number, north: number];

export interface MapLayer {
  onAdd(view: MapView): void;
  onRemove(view: MapView): void;
}

export interface MapView {
  /** The Leaflet map, for layers only (they live in ui/ and draw with Leaflet). */
  readonly map: L.Map;
  /** One shared canvas for every entity point and line: fast with many features. */
  readonly canvas: L.Canvas;
  add(layer: MapLayer): void;
  remove(layer: MapLayer): void;
  box(): Box;
  zoom(): number;
  /** Calls back after every pan or zoom; returns the function that stops it. */
  onMove(cb: () => void): () => void;
  show(at: LngLat, zoom?: number): void;
  destroy(): void;
}

export const toLatLng = (p: LngLat): L.LatLngTuple => [p[1], p[0]];

const HCMC: L.LatLngTuple = [10.7769, 106.7009];

export function createMapView(el: HTMLElement, attribution: string): MapView {
  const map = L.map(el, { center: HCMC, zoom: 13, preferCanvas: true, zoomControl: true, keyboard: true });
  map.attributionControl.setPrefix(false).addAttribution(attribution);
  const canvas = L.canvas({ padding: 0.2 });
  const layers = new Set<MapLayer>();
  const view: MapView = {
    map,
    canvas,
    add: (layer) => {
      if (layers.has(layer)) return;
      layers.add(layer);
      layer.onAdd(view);
    },
    remove: (layer) => {
      if (!layers.delete(layer)) return;
      layer.onRemove(view);
    },
    box: () => {
      const b = map.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    },
    zoom: () => map.getZoom(),
    onMove: (cb) => {
      map.on('moveend', cb);
      return () => void map.off('moveend', cb);
    },
    show: (at, zoom) => map.setView(toLatLng(at), zoom ?? Math.max(map.getZoom(), 16), { animate: false }),
    destroy: () => {
      for (const l of [...layers]) view.remove(l);
      map.remove();
    },
  };
  return view;
}
