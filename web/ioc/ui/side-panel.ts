import type { District } from '../core/geometry.js';
import { statusWord, t, type Lang } from '../core/i18n.js';
import type { Kpis } from '../core/kpis.js';
import { layers, type LayerId } from '../core/layers.js';
import type { NotableChange } from '../core/entity-index.js';
import type { Entity } from '../core/values.js';
import { placeOf } from '../core/kpis.js';
import { byId, el } from './dom.js';

export interface SidePanelActions {
  toggle(id: LayerId): void;
  select(id: string): void;
  search(text: string): Entity[];
  district(name: string | undefined): void;
}

const fmt = (lang: Lang, n: number, digits = 0) =>
  n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });

export function renderKpis(lang: Lang, k: Kpis): void {
  const tile = (key: Parameters<typeof t>[1], value: string, sub = '') =>
    el(
      'div',
      { className: 'tile' },
      el('span', { className: 'value' }, value),
      el('span', {}, t(lang, key)),
      el('small', {}, sub),
    );
  byId('kpis').replaceChildren(
    tile('kpi.freeParking', fmt(lang, k.freeParking)),
    tile('kpi.meanSpeed', k.meanSpeed === undefined ? '—' : `${fmt(lang, k.meanSpeed)} km/h`),
    tile(
      'kpi.worstAqi',
      k.worstAqi === undefined ? '—' : fmt(lang, k.worstAqi.value),
      k.worstAqi?.where ?? '',
    ),
    tile('kpi.flooded', fmt(lang, k.flooded)),
    tile('kpi.lightsOut', fmt(lang, k.lightsOut)),
  );
}

export function renderChanges(
  lang: Lang,
  changes: readonly NotableChange[],
  actions: SidePanelActions,
): void {
  if (changes.length === 0) return void byId('changes').replaceChildren(el('li', {}, t(lang, 'noChanges')));
  byId('changes').replaceChildren(
    ...changes.slice(0, 12).map((c) => {
      const time = new Date(c.at).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB');
      const b = el(
        'button',
        { type: 'button' },
        `${time} ${c.name}: ${t(lang, 'became')} ${statusWord(lang, c.to)}`,
      );
      b.addEventListener('click', () => actions.select(c.id));
      return el('li', {}, b);
    }),
  );
}

export function renderLayerList(lang: Lang, enabled: ReadonlySet<LayerId>, actions: SidePanelActions): void {
  byId('layer-list').replaceChildren(
    ...layers.map((l, i) => {
      const box = el('input', { type: 'checkbox', checked: enabled.has(l.id), id: `layer-${l.id}` });
      box.addEventListener('change', () => actions.toggle(l.id));
      const legend = el(
        'span',
        { className: 'legend' },
        ...Object.entries(l.colours)
          .filter(([s]) => s !== 'unknown')
          .map(([s, c]) => {
            const dot = el('i', { title: statusWord(lang, s) });
            dot.style.background = c;
            return dot;
          }),
      );
      return el('label', { className: 'layer' }, box, ` ${i + 1}. ${t(lang, `layer.${l.id}`)} `, legend);
    }),
  );
}

export function renderDistricts(
  lang: Lang,
  districts: readonly District[],
  current: string | undefined,
): void {
  const select = byId<HTMLSelectElement>('district');
  select.replaceChildren(
    el('option', { value: '', selected: current === undefined }, t(lang, 'allDistricts')),
    ...districts.map((d) => el('option', { value: d.name, selected: d.name === current }, d.name)),
  );
}

/** Wires the search box and district filter once. */
export function bindSideInputs(actions: SidePanelActions): void {
  const input = byId<HTMLInputElement>('search');
  input.addEventListener('input', () => {
    const found = actions.search(input.value);
    byId('results').replaceChildren(
      ...found.map((e) => {
        const b = el('button', { type: 'button' }, `${placeOf(e)} (${e.id})`);
        b.addEventListener('click', () => actions.select(e.id));
        return el('li', {}, b);
      }),
    );
  });
  const select = byId<HTMLSelectElement>('district');
  select.addEventListener('change', () => actions.district(select.value === '' ? undefined : select.value));
}
