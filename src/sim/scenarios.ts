// Scenarios change the city for a while: `dothi sim scenario <name>`.

export const scenarioNames = ['rainstorm', 'rush-hour', 'pollution-episode', 'power-fault'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface ActiveScenario {
  name: ScenarioName;
  /** Simulated time the scenario began, ms. */
  since: number;
}

export interface ScenarioEffect {
  /** Rain to add, mm/h. */
  rainMmH?: number;
  /** Storm surge to add to the tide, m. */
  surgeM?: number;
  trafficFactor?: number;
  pollutionFactor?: number;
  powerFault?: number;
  /** No rain at all (a stagnant, dry episode). */
  dry?: boolean;
}

/** Minutes each scenario lasts. */
export const scenarioMinutes: Record<ScenarioName, number> = {
  rainstorm: 180,
  'rush-hour': 240,
  'pollution-episode': 24 * 60,
  'power-fault': 120,
};

/** A tropical downpour: 30 minutes building to 90 mm/h, an hour at its peak, 90 minutes easing. */
function rainstorm(min: number): ScenarioEffect {
  const rain = min < 30 ? (90 * min) / 30 : min < 90 ? 90 : Math.max(0, 90 * (1 - (min - 90) / 90));
  return { rainMmH: rain, surgeM: 0.25 };
}

export function scenarioEffect(s: ActiveScenario | undefined, t: number): ScenarioEffect {
  if (s === undefined) return {};
  const min = (t - s.since) / 60_000;
  if (min < 0 || min >= scenarioMinutes[s.name]) return {};
  switch (s.name) {
    case 'rainstorm':
      return rainstorm(min);
    case 'rush-hour':
      return { trafficFactor: 1.6 };
    case 'pollution-episode':
      return { pollutionFactor: 2.8, dry: true };
    case 'power-fault':
      return { powerFault: 0.35 };
  }
}

export function parseScenario(name: string): ScenarioName | undefined {
  return (scenarioNames as readonly string[]).includes(name) ? (name as ScenarioName) : undefined;
}
