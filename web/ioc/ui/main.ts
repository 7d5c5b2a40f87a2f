import 'leaflet/dist/leaflet.css';
import './styles.css';
import { commandForKey, type CommandId } from '../core/commands.js';
import { EntityIndex } from '../core/entity-index.js';
import { anchorOf, districtsFrom, inDistrict, type District } from '../core/geometry.js';
import { isLang, t, type Lang } from '../core/i18n.js';
import { computeKpis } from '../core/kpis.js';
import { layers, type LayerId } from '../core/layers.js';
import type { LiveEvent } from '../core/live-stream.js';
import type { Entity } from '../core/values.js';
import { apiFetch, loadEntities, publicJson, session, Unauthorized, type MapConfig } from './api.js';
import { offlineBaseMap, tileBaseMap } from './base-layers.js';
import { byId, translatePage } from './dom.js';
import { EntityLayer } from './entity-layer.js';
import { EntityPanel } from './entity-panel.js';
import { LiveClient } from './live-client.js';
import { createMapView, type MapView } from './map-view.js';
import { PointCanvas } from './point-canvas.js';
import * as side from './side-panel.js';

const state = {
  lang: (isLang(sessionStorage.getItem('dothi.ioc.lang'))
    ? sessionStorage.getItem('dothi.ioc.lang')
    : 'vi') as Lang,
  enabled: new Set<LayerId>(layers.map((l) => l.id)),
  district: undefined as District | undefined,
  districts: [] as District[],
  live: false,
};
const index = new EntityIndex();
const entityLayers = new Map<LayerId, EntityLayer>();
const panel = new EntityPanel(
  () => state.lang,
  () => undefined,
);
const live = new LiveClient(onLive, (on) => {
  state.live = on;
  renderStatus();
});
let view: MapView;
let panelFrame = 0;

const actions: side.SidePanelActions = {
  toggle: (id) => toggleLayer(id),
  select: (id) => select(id),
  search: (text) => index.search(text),
  district: (name) => {
    state.district = state.districts.find((d) => d.name === name);
    for (const l of entityLayers.values()) l.invalidate();
  },
};

function visible(id: LayerId) {
  const all = index.inLayer(id);
  const d = state.district;
  return d === undefined
    ? all
    : all.filter((e) => {
        const at = anchorOf(e);
        return at !== undefined && inDistrict(d, at);
      });
}

function renderStatus(): void {
  const s = byId('live-state');
  s.textContent = t(state.lang, state.live ? 'live' : 'offline');
  s.className = state.live ? 'on' : 'off';
  document.body.dataset.live = state.live ? 'on' : 'off';
}

function renderSide(): void {
  side.renderKpis(state.lang, computeKpis(index.byId.values(), Date.now()));
  side.renderChanges(state.lang, index.changes, actions);
}

function renderAll(): void {
  translatePage(state.lang);
  renderStatus();
  renderSide();
  side.renderLayerList(state.lang, state.enabled, actions);
  side.renderDistricts(state.lang, state.districts, state.district?.name);
  panel.render();
}

function openLive(): void {
  const types = layers.filter((l) => state.enabled.has(l.id)).flatMap((l) => l.types);
  if (types.length === 0) return live.close();
  live.open({ bbox: view.box(), types });
}

function onLive(e: LiveEvent): void {
  if (e.kind === 'ready') return;
  const layer = e.kind === 'change' ? index.apply(e.entity, Date.now()) : index.remove(e.id);
  if (layer !== undefined) entityLayers.get(layer)?.invalidate();
  if (e.kind === 'change') panel.refresh(e.entity);
  scheduleSide();
}

function scheduleSide(): void {
  if (panelFrame === 0)
    panelFrame = requestAnimationFrame(() => {
      panelFrame = 0;
      renderSide();
    });
}

function toggleLayer(id: LayerId): void {
  const layer = entityLayers.get(id)!;
  if (state.enabled.delete(id)) view.remove(layer);
  else {
    state.enabled.add(id);
    view.add(layer);
  }
  side.renderLayerList(state.lang, state.enabled, actions);
  openLive();
}

function select(id: string): void {
  const e = index.byId.get(id);
  if (e === undefined) return;
  const at = anchorOf(e);
  if (at !== undefined) view.show(at);
  panel.open(e);
}

function run(command: CommandId): void {
  if (command === 'search') byId('search').focus();
  else if (command === 'close') panel.close();
  else if (command === 'language') setLang(state.lang === 'vi' ? 'en' : 'vi');
  else toggleLayer(command.slice('toggle.'.length) as LayerId);
}

function setLang(lang: Lang): void {
  state.lang = lang;
  sessionStorage.setItem('dothi.ioc.lang', lang);
  renderAll();
}

async function loadDistricts(available: readonly string[]): Promise<District[]> {
  if (available.includes('districts'))
    return districtsFrom(await publicJson('/map/layers/districts'), 'name');
  if (available.includes('wards')) return districtsFrom(await publicJson('/map/layers/wards'), 'district');
  return [];
}

async function start(): Promise<void> {
  byId('login').hidden = true;
  byId('app').hidden = false;
  const config = await publicJson<MapConfig>('/map/config');
  view = createMapView(byId('map'), config.attribution);
  if (config.tilesUrl !== null) view.add(tileBaseMap(config.tilesUrl));
  else view.add(offlineBaseMap(config.layers));
  void loadDistricts(config.layers).then((d) => {
    state.districts = d;
    side.renderDistricts(state.lang, state.districts, state.district?.name);
  });
  const points = new PointCanvas();
  view.add(points);
  for (const spec of layers) {
    const layer = new EntityLayer(spec, { entities: () => visible(spec.id), now: Date.now, select }, points);
    entityLayers.set(spec.id, layer);
    view.add(layer);
  }
  view.onMove(openLive);
  side.bindSideInputs(actions);
  renderAll();
  // Live first: a change during the load is newer than any page, and the index keeps it.
  openLive();
  await Promise.all(layers.map((l) => loadEntities(l.types, (page) => onPage(l.id, page))));
  document.body.dataset.entities = String(index.byId.size);
}

function onPage(layer: LayerId, page: Entity[]): void {
  index.load(page);
  entityLayers.get(layer)?.invalidate();
  scheduleSide();
  if (page.length > 0 && document.body.dataset.firstRender === undefined) {
    requestAnimationFrame(() => requestAnimationFrame(() => (document.body.dataset.firstRender = 'yes')));
  }
}

function boot(): void {
  translatePage(state.lang);
  for (const b of document.querySelectorAll('button.lang'))
    b.addEventListener('click', () => run('language'));
  byId('sign-out').addEventListener('click', () => {
    session.clear();
    location.reload();
  });
  document.addEventListener('keydown', (ev) => {
    const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement;
    const command = byId('app').hidden ? undefined : commandForKey(ev.key, typing);
    if (command === undefined) return;
    ev.preventDefault();
    run(command);
  });
  byId('login').addEventListener('submit', (ev) => {
    ev.preventDefault();
    session.set(byId<HTMLInputElement>('token').value.trim());
    void signIn();
  });
  if (session.token() === null) byId('login').hidden = false;
  else void signIn();
}

async function signIn(): Promise<void> {
  try {
    await apiFetch('/live/session');
  } catch (err) {
    if (!(err instanceof Unauthorized)) throw err;
    session.clear();
    byId('login').hidden = false;
    byId('login-error').hidden = false;
    return;
  }
  await start();
}

boot();
