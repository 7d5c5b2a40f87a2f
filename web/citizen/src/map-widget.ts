import L from 'leaflet';
import type { LatLng } from './core/photo-location.js';

// A Leaflet map without a tile layer (nothing is fetched from third parties): report pins as
// circle markers. `remove()` undoes everything `createMap` added.
const CENTRE: L.LatLngTuple = [10.7769, 106.7009];

export interface MapWidget {
  pin(at: LatLng): void;
  dots(points: ReadonlyArray<LatLng & { label: string; closed: boolean }>): void;
  onPick(handler: (at: LatLng) => void): void;
  remove(): void;
}

export function createMap(el: HTMLElement, attribution: string): MapWidget {
  const map = L.map(el, { attributionControl: true }).setView(CENTRE, 13);
  map.attributionControl.addAttribution(attribution);
  let pin: L.CircleMarker | undefined;
  const layer = L.layerGroup().addTo(map);
  return {
    pin(at) {
      pin?.remove();
      pin = L.circleMarker([at.lat, at.lng], { radius: 10, color: '#b3261e', fillOpacity: 0.8 }).addTo(map);
      map.setView([at.lat, at.lng], Math.max(map.getZoom(), 15));
    },
    dots(points) {
      layer.clearLayers();
      for (const p of points) {
        L.circleMarker([p.lat, p.lng], {
          radius: 7,
          color: p.closed ? '#2e7d32' : '#b3261e',
          fillOpacity: 0.7,
        })
          .bindPopup(p.label)
          .addTo(layer);
      }
    },
    onPick(handler) {
      map.on('click', (e: L.LeafletMouseEvent) => handler({ lat: e.latlng.lat, lng: e.latlng.lng }));
    },
    remove() {
      map.off();
      map.remove();
    },
  };
}
