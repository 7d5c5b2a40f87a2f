import { api, mediaHref, type Request, type Service } from './core/api.js';
import { photoLocation, type LatLng } from './core/photo-location.js';
import { languages, translator, type Lang, type TextKey } from './i18n.js';
import { createMap, type MapWidget } from './map-widget.js';

// The citizen app: report with a photo and a pin, follow a report by its link, the public map and
// the public statistics. Hash routes: #/ (report), #/r/<id>?k=<key> (follow), #/map, #/stats.

const API_KEY = (import.meta.env.VITE_OPEN311_API_KEY as string | undefined) ?? 'dothi-citizen-web';
let lang: Lang = (localStorage.getItem('lang') as Lang | null) ?? 'vi';
let t = translator(lang);
let widget: MapWidget | undefined;
const view = document.getElementById('view')!;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const serviceName = (s: Service) => (lang === 'en' && s.service_name_en ? s.service_name_en : s.service_name);
const when = (iso: string) =>
  new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });

function chrome() {
  document.documentElement.lang = lang;
  document.getElementById('brand')!.textContent = t('brand');
  document.getElementById('lang')!.textContent = t('other');
  const links: Array<[string, TextKey]> = [
    ['#/', 'navReport'],
    ['#/map', 'navMap'],
    ['#/stats', 'navStats'],
  ];
  document.getElementById('nav')!.innerHTML = links
    .map(
      ([href, key]) =>
        `<a href="${href}" class="${location.hash === href || (href === '#/' && location.hash === '') ? 'active' : ''}">${t(key)}</a>`,
    )
    .join('');
}

async function reportView() {
  const services = await api.services();
  view.innerHTML = `
    <form id="report">
      <label for="category">${t('category')}</label>
      <select id="category" name="service_code"><option value="">${t('choose')}</option>
        ${services.map((s) => `<option value="${esc(s.service_code)}">${esc(serviceName(s))}</option>`).join('')}</select>
      <label for="photo">${t('photo')}</label>
      <input id="photo" type="file" accept="image/*" capture="environment" />
      <p class="hint">${t('photoHint')}</p><img id="preview" class="photo-preview" hidden alt="" />
      <label>${t('location')}</label><p id="where" class="hint">${t('noLocation')}</p><div id="map" class="map"></div>
      <label for="description">${t('description')}</label><textarea id="description" name="description"></textarea>
      <label for="email">${t('email')}</label><input id="email" name="email" type="email" />
      <button class="primary" type="submit">${t('send')}</button><p id="message" class="error"></p>
    </form>`;
  let at: LatLng | undefined;
  widget = createMap(document.getElementById('map')!, t('mapAttribution'));
  const show = (p: LatLng, fromPhoto: boolean) => {
    at = p;
    widget?.pin(p);
    document.getElementById('where')!.textContent =
      `${fromPhoto ? `${t('fromPhoto')}: ` : ''}${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}`;
  };
  widget.onPick((p) => show(p, false));
  const photoInput = document.getElementById('photo') as HTMLInputElement;
  photoInput.addEventListener('change', async () => {
    const file = photoInput.files?.[0];
    if (file === undefined) return;
    const preview = document.getElementById('preview') as HTMLImageElement;
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
    const p = await photoLocation(file);
    if (p !== undefined) show(p, true);
  });
  document.getElementById('report')!.addEventListener('submit', async (e) => {
    e.preventDefault();
    const message = document.getElementById('message')!;
    const form = new FormData(e.target as HTMLFormElement);
    if (form.get('service_code') === '') return void (message.textContent = t('needCategory'));
    if (at === undefined) return void (message.textContent = t('needLocation'));
    form.set('api_key', API_KEY);
    form.set('lat', String(at.lat));
    form.set('long', String(at.lng));
    const file = photoInput.files?.[0];
    if (file !== undefined) form.set('media', file);
    message.textContent = t('sending');
    try {
      const done = await api.submit(form);
      const link = `${location.origin}${location.pathname}#/r/${done.service_request_id}?k=${encodeURIComponent(done.follow_key)}`;
      view.innerHTML = `<div class="card" id="sent"><h2>${t('sent')}</h2><p>${t('follow')}</p>
        <p><a id="follow-link" href="${esc(link)}">${esc(link)}</a></p></div>`;
    } catch (err) {
      message.textContent = (err as Error).message;
    }
  });
}

function requestCard(r: Request, key: string | undefined): string {
  const late =
    r.status === 'open' && r.expected_datetime !== null && Date.parse(r.expected_datetime) < Date.now();
  const photo = mediaHref(r.media_url);
  const rating = r.extended_attributes?.rating ?? null;
  const feedback =
    r.status !== 'closed' || key === undefined
      ? ''
      : rating !== null
        ? `<p id="rated">${t('rated')}: ${'★'.repeat(rating)}</p>`
        : `<p>${t('rate')}</p><div class="stars">${[1, 2, 3, 4, 5].map((n) => `<button type="button" data-rate="${n}" aria-label="${n}">☆</button>`).join('')}</div>
           <details><summary>${t('reopen')}</summary><label for="reason">${t('reopenReason')}</label>
           <textarea id="reason"></textarea><button class="primary" id="reopen" type="button">${t('reopen')}</button></details>`;
  return `<div class="card" id="request">
    <h2>${esc(r.service_name ?? r.service_code)} <span class="status ${r.status}">${t(r.status)}</span></h2>
    <p>${r.description === null ? `<em>${t('pending')}</em>` : esc(r.description)}</p>
    ${photo === null ? '' : `<img class="photo-preview" src="${esc(photo)}" alt="" />`}
    <p><strong>${t('agency')}:</strong> ${esc(r.agency_responsible ?? '—')}</p>
    ${r.expected_datetime === null ? '' : `<p><strong>${t('deadline')}:</strong> ${when(r.expected_datetime)} ${late ? `<span class="late">${t('overdue')}</span>` : ''}</p>`}
    <h3>${t('answer')}</h3><p class="answer" id="answer">${r.status_notes === null ? t('noAnswer') : esc(r.status_notes)}</p>
    ${feedback}</div>`;
}

async function followView(id: string, key: string | undefined) {
  const r = await api.request(id);
  view.innerHTML = requestCard(r, key);
  view.querySelectorAll<HTMLButtonElement>('[data-rate]').forEach((b) =>
    b.addEventListener('click', async () => {
      await api.feedback(id, { follow_key: key ?? '', rating: b.dataset.rate! });
      await followView(id, key);
    }),
  );
  document.getElementById('reopen')?.addEventListener('click', async () => {
    const reason = (document.getElementById('reason') as HTMLTextAreaElement).value;
    await api.feedback(id, { follow_key: key ?? '', reopen: reason });
    await followView(id, key);
  });
}

async function mapView() {
  view.innerHTML = `<div id="map" class="map big"></div>`;
  widget = createMap(document.getElementById('map')!, t('mapAttribution'));
  const list = await api.requests();
  widget.dots(
    list
      .filter((r) => r.lat !== null && r.long !== null)
      .map((r) => ({
        lat: r.lat!,
        lng: r.long!,
        closed: r.status === 'closed',
        label: `<a href="#/r/${esc(r.service_request_id)}">${esc(r.service_name ?? '')}</a>`,
      })),
  );
}

async function statsView() {
  const rows = await api.statistics();
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
  view.innerHTML = `<table id="stats"><thead><tr><th>${t('agency')}</th><th>${t('month')}</th><th>${t('received')}</th>
    <th>${t('answered')}</th><th>${t('onTime')}</th><th>${t('lateOpen')}</th><th>${t('onTimeRate')}</th></tr></thead><tbody>
    ${rows.map((r) => `<tr data-agency="${esc(r.agency ?? '')}" data-month="${r.month}"><td>${esc(r.agency_name ?? r.agency ?? '—')}</td><td>${r.month}</td><td>${r.received}</td><td>${r.answered}</td><td class="on-time">${r.on_time}</td><td>${r.late_open}</td><td>${pct(r.on_time_rate)}</td></tr>`).join('')}
    </tbody></table>`;
}

async function route() {
  widget?.remove();
  widget = undefined;
  chrome();
  const [path, query] = location.hash.slice(1).split('?');
  const follow = /^\/r\/([^/]+)$/.exec(path ?? '');
  try {
    if (follow !== null)
      await followView(decodeURIComponent(follow[1]!), new URLSearchParams(query).get('k') ?? undefined);
    else if (path === '/map') await mapView();
    else if (path === '/stats') await statsView();
    else await reportView();
  } catch (err) {
    view.innerHTML = `<p class="error">${esc((err as Error).message)}</p>`;
  }
}

document.getElementById('lang')!.addEventListener('click', () => {
  lang = languages.find((l) => l !== lang)!;
  localStorage.setItem('lang', lang);
  t = translator(lang);
  void route();
});
window.addEventListener('hashchange', () => void route());
void route();
