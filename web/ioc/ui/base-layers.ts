import L from 'leaflet';
import { publicJson } from './api.js';
import type { MapLayer, MapView } from './map-view.js';

// The base map: the city pack's layers drawn offline, or the configured tile server's tiles.

const styles: Record<string, L.PathOptions> = {
  outline: { color: '#5c6b7a', weight: 3, fill: true, fillColor: '#f4f1ea', fillOpacity: 1 },
  districts: { color: '#7b6a99', weight: 1.6, fill: false },
  water: { color: '#4f8fc0', weight: 0, fillColor: '#a9cbe6', fillOpacity: 0.9 },
  waterways: { color: '#6aa5d3', weight: 2.5 },
  wards: {
    color: '#a0a0a0',
    weight: 0.6,
    fill: false,
    dashArray: '2 3',
  },
  roads: { color: '#ffffff', weight: 2.5, opacity: 1 },
};
// Drawn bottom to top.
const order = ['outline', 'wards', 'water', 'waterways', 'roads', 'districts'];

export function offlineBaseMap(available: readonly string[]): MapLayer & { loaded: Promise<void> } {
  const group = L.layerGroup();
  const pane = 'basemap';
  const loaded = Promise.all(
    order
      .filter((n) => available.includes(n))
      .map(
        async (name) => [name, await publicJson<GeoJSON.FeatureCollection>(`/map/layers/${name}`)] as const,
      ),
  ).then((all) => {
    for (const [name, data] of all) {
      group.addLayer(L.geoJSON(data, { style: styles[name], pane, interactive: false }));
    }
  });
  return {
    loaded,
    onAdd(view: MapView) {
      if (view.map.getPane(pane) === undefined) view.map.createPane(pane).style.zIndex = '250';
      group.addTo(view.map);
    },
    onRemove: (view: MapView) => void view.map.removeLayer(group),
  };
}

export function tileBaseMap(url: string): MapLayer {
  const tiles = L.tileLayer(url, { maxZoom: 19 });
  return {
    onAdd: (view) => void tiles.addTo(view.map),
    onRemove: (view) => void view.map.removeLayer(tiles),
  };
}
