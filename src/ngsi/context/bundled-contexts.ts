import { readFileSync } from 'node:fs';

// @context documents shipped with dothi (bundled/, provenance in bundled/SOURCES.md), served by
// canonical URL and never fetched. Files are read on first use and kept; they stay byte-exact copies
// of their sources, and the two upstream defects that a JSON-LD 1.1 processor rejects are repaired in
// memory after reading (see `repairs`).

const etsi = 'https://uri.etsi.org/ngsi-ld/v1/';
const coreVersions = ['1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9'] as const;

/** The broker's core @context (CIM 009 V1.8). It is always applied, last. */
export const coreContextUrl = `${etsi}ngsi-ld-core-context-v1.8.jsonld`;
export const coreContextLocalId = 'ngsi-ld-core-context-v1.8';

const sdmRepos = [
  'dataModel.Alert',
  'dataModel.Building',
  'dataModel.Device',
  'dataModel.Energy',
  'dataModel.Environment',
  'dataModel.IssueTracking',
  'dataModel.KeyPerformanceIndicator',
  'dataModel.Parking',
  'dataModel.PointOfInterest',
  'dataModel.Streetlighting',
  'dataModel.Transportation',
  'dataModel.UrbanMobility',
  'dataModel.WasteManagement',
  'dataModel.WaterConsumption',
  'dataModel.WaterDistribution',
  'dataModel.Weather',
] as const;

const combinedSdm = 'sdm/data-models/context.jsonld';

function buildTable(): ReadonlyMap<string, string> {
  const rows: Array<[string, string]> = [
    [`${etsi}ngsi-ld-core-context.jsonld`, 'core/ngsi-ld-core-context.jsonld'],
  ];
  for (const v of coreVersions) {
    rows.push([`${etsi}ngsi-ld-core-context-v${v}.jsonld`, `core/ngsi-ld-core-context-v${v}.jsonld`]);
  }
  for (const repo of [...sdmRepos, 'data-models']) {
    const file = `sdm/${repo}/context.jsonld`;
    rows.push([`https://raw.githubusercontent.com/smart-data-models/${repo}/master/context.jsonld`, file]);
    rows.push([`https://smart-data-models.github.io/${repo}/context.jsonld`, file]);
  }
  rows.push(['https://smartdatamodels.org/context.jsonld', combinedSdm]);
  // The legacy FIWARE data-models context has been superseded by the combined SDM context.
  rows.push(['https://fiware.github.io/data-models/context.jsonld', combinedSdm]);
  // The URL the FIWARE NGSI-LD tutorials use for their own context inside their docker-compose set-up.
  rows.push(['http://context/ngsi-context.jsonld', 'fiware-tutorials/ngsi-context.jsonld']);
  return new Map(rows);
}

const table = buildTable();
const coreUrls: ReadonlySet<string> = new Set([...table.keys()].filter((url) => url.startsWith(etsi)));

type Doc = Record<string, unknown>;

const repairs: Readonly<Record<string, (context: Doc) => void>> = {
  // Upstream defect: `"@id": "https://uri.etsi.org/ngsi-ld/lastFailure "` has a trailing space, which is
  // not an IRI. Scorpio and Stellio ship the same fix.
  'core/ngsi-ld-core-context.jsonld': (context) => {
    for (const def of Object.values(context)) {
      if (isObject(def) && typeof def['@id'] === 'string') def['@id'] = def['@id'].trim();
    }
  },
  // Upstream defect: the terms "open311:metadata" and "open311:type" look like compact IRIs with an
  // undefined prefix but map elsewhere, which JSON-LD 1.1 forbids ("term in form of IRI must expand to
  // definition"). Dropping them leaves those names as absolute IRIs; every other term is unchanged.
  'sdm/dataModel.IssueTracking/context.jsonld': (context) => {
    delete context['open311:metadata'];
    delete context['open311:type'];
  },
};

const loaded = new Map<string, Readonly<Doc>>();

/** The bundled document for a canonical URL (frozen; clone before handing it to a mutating processor). */
export function bundledDocument(url: string): Readonly<Doc> | undefined {
  const file = table.get(url);
  if (file === undefined) return undefined;
  let doc = loaded.get(file);
  if (doc === undefined) {
    doc = readBundledFile(file);
    loaded.set(file, doc);
  }
  return doc;
}

export function isBundledContextUrl(url: string): boolean {
  return table.has(url);
}

/** Any version of the ETSI core @context (CIM 009 §5.5.7: the broker applies its own core). */
export function isCoreContextUrl(url: string): boolean {
  return coreUrls.has(url);
}

export function bundledContextUrls(): string[] {
  return [...table.keys()];
}

/** The `@context` member of the broker's core context document. */
export function coreContextDefinition(): Readonly<Doc> {
  const context = bundledDocument(coreContextUrl)?.['@context'];
  if (!isObject(context)) throw new Error(`bundled core context ${coreContextUrl} has no @context object`);
  return context;
}

function readBundledFile(file: string): Readonly<Doc> {
  const doc: unknown = JSON.parse(readFileSync(new URL(`./bundled/${file}`, import.meta.url), 'utf8'));
  if (!isObject(doc) || !isObject(doc['@context']))
    throw new Error(`bundled context ${file} has no @context object`);
  repairs[file]?.(doc['@context']);
  return deepFreeze(doc);
}

function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
