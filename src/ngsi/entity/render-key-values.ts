import type { AttrInstance, AttributeType } from './model.js';
import { compactAll, type RenderContext } from './render-instance.js';
import { pickLanguage } from './render-lang.js';

// The simplified representation (keyValues, CIM 009 §4.5.4): an attribute becomes its value.
// Property and GeoProperty → value; Relationship → object; the other types keep their value
// member's name so they read back unambiguously: { "languageMap": … }, { "vocab": … },
// { "json": … }, { "valueList": … }, { "objectList": […] }. With `lang`, a LanguageProperty is the
// chosen string. A multi-attribute is { "dataset": { "<datasetId>" | "@none": value, … } }.

type Simplifier = (inst: AttrInstance, rc: RenderContext) => unknown;

function languageValue(inst: AttrInstance, rc: RenderContext): unknown {
  const map = inst.languageMap ?? {};
  if (rc.lang === undefined) return { languageMap: map };
  const tag = pickLanguage(map, rc.lang);
  return tag === undefined ? '' : map[tag];
}

const simplifiers: Readonly<Record<AttributeType, Simplifier>> = {
  Property: (inst) => inst.value,
  GeoProperty: (inst) => inst.value,
  Relationship: (inst) => inst.object,
  LanguageProperty: languageValue,
  VocabProperty: (inst, rc) => ({ vocab: inst.vocab === undefined ? [] : compactAll(inst.vocab, rc.terms) }),
  JsonProperty: (inst) => ({ json: inst.json }),
  ListProperty: (inst) => ({ valueList: inst.valueList }),
  ListRelationship: (inst) => ({ objectList: inst.objectList }),
};

export function simplifiedInstance(inst: AttrInstance, rc: RenderContext): unknown {
  return simplifiers[inst.type](inst, rc);
}

export function simplifiedAttribute(list: readonly AttrInstance[], rc: RenderContext): unknown {
  if (list.length === 1) return simplifiedInstance(list[0]!, rc);
  const dataset: Record<string, unknown> = {};
  for (const inst of list) dataset[inst.datasetId ?? '@none'] = simplifiedInstance(inst, rc);
  return { dataset };
}
