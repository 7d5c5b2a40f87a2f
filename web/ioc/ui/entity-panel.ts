import { historyQuery, ranges, readSeries, type Range } from '../core/history.js';
import { statusWord, t, type Lang } from '../core/i18n.js';
import { formatValue, labelOf, shownAttributes } from '../core/labels.js';
import { colourOf, layerOf } from '../core/layers.js';
import { placeOf } from '../core/kpis.js';
import type { Entity } from '../core/values.js';
import { getJson } from './api.js';
import { drawChart, type Chart } from './chart.js';
import { byId, el } from './dom.js';

/** The panel of the selected entity: its attributes in words and units, and its history chart. */
export class EntityPanel {
  private entity: Entity | undefined;
  private attr: string | undefined;
  private range: Range = '1h';
  private chart: Chart | undefined;
  private readonly root = byId('entity');

  constructor(
    private readonly lang: () => Lang,
    private readonly onClose: () => void,
  ) {
    byId('entity-close').addEventListener('click', () => this.close());
  }

  get selectedId(): string | undefined {
    return this.entity?.id;
  }

  open(e: Entity): void {
    const first = this.entity?.id !== e.id;
    this.entity = e;
    if (first) this.attr = layerOf(e.type)?.chart.find((a) => typeof e[a] === 'number');
    this.root.hidden = false;
    this.render();
    if (first) {
      this.root.focus();
      void this.loadHistory();
    }
  }

  /** A live change of the open entity: new values, same chart. */
  refresh(e: Entity): void {
    if (e.id === this.entity?.id) this.open(e);
  }

  close(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.entity = undefined;
    this.root.hidden = true;
    this.onClose();
  }

  render(): void {
    const e = this.entity;
    if (e === undefined) return;
    const lang = this.lang();
    const { status, colour } = colourOf(e, Date.now());
    byId('entity-name').textContent = placeOf(e);
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = colour;
    byId('entity-status').replaceChildren(swatch, `${t(lang, 'status')}: ${statusWord(lang, status)}`);
    byId('entity-status').dataset.status = status;
    byId('entity-attrs').replaceChildren(
      ...shownAttributes(e).flatMap((a) => [
        el('dt', {}, labelOf(lang, a)),
        el('dd', {}, formatValue(lang, a, e[a])),
      ]),
    );
    this.renderControls(lang);
  }

  private renderControls(lang: Lang): void {
    const e = this.entity!;
    const attrs = layerOf(e.type)?.chart.filter((a) => typeof e[a] === 'number') ?? [];
    const select = el('select', { ariaLabel: t(lang, 'history') });
    select.append(
      ...attrs.map((a) => el('option', { value: a, selected: a === this.attr }, labelOf(lang, a))),
    );
    select.addEventListener('change', () => {
      this.attr = select.value;
      void this.loadHistory();
    });
    const buttons = ranges.map((r) => {
      const b = el(
        'button',
        { type: 'button', className: r === this.range ? 'active' : '' },
        t(lang, `range.${r}`),
      );
      b.setAttribute('aria-pressed', String(r === this.range));
      b.addEventListener('click', () => {
        this.range = r;
        this.renderControls(lang);
        void this.loadHistory();
      });
      return b;
    });
    byId('chart-controls').replaceChildren(select, ...buttons);
  }

  private async loadHistory(): Promise<void> {
    const e = this.entity;
    const attr = this.attr;
    const host = byId('chart');
    this.chart?.destroy();
    this.chart = undefined;
    host.replaceChildren();
    if (e === undefined || attr === undefined) return;
    const body = await getJson<unknown>(
      `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(e.id)}?${historyQuery(attr, this.range, Date.now())}`,
    );
    if (this.entity?.id !== e.id || this.attr !== attr) return;
    const series = readSeries(body, attr);
    host.dataset.points = String(series.t.length);
    if (series.t.length === 0) return void host.replaceChildren(el('p', {}, t(this.lang(), 'noHistory')));
    this.chart = drawChart(host, series, labelOf(this.lang(), attr), colourOf(e, Date.now()).colour);
  }
}
