// The simulator's HTTP API, present on every server but answering only where a simulator runs
// (`dothi demo`): GET /sim (statistics) and POST /sim/scenario {"name": "rainstorm"}.
import type { FastifyPluginAsync } from 'fastify';
import { DothiError } from '../kernel/index.js';
import { parseScenario, scenarioMinutes, scenarioNames } from './scenarios.js';
import type { Simulator } from './simulator.js';

export interface SimControl {
  attach(sim: Simulator | undefined): void;
  api: FastifyPluginAsync;
}

export function createSimControl(): SimControl {
  let current: Simulator | undefined;
  const running = () => {
    if (current === undefined) throw new DothiError('SIM_NOT_RUNNING', 'this server runs no city simulator');
    return current;
  };
  const api: FastifyPluginAsync = async (app) => {
    app.get('/sim', async () => running().stats());
    app.post('/sim/scenario', async (req, reply) => {
      const body = req.body as { name?: unknown } | undefined;
      const name = parseScenario(typeof body?.name === 'string' ? body.name : '');
      if (name === undefined) {
        throw new DothiError('BAD_REQUEST_DATA', `name must be one of ${scenarioNames.join(', ')}`);
      }
      running().scenario(name);
      return reply.code(202).send({ scenario: name, minutes: scenarioMinutes[name] });
    });
  };
  return { attach: (sim) => void (current = sim), api };
}
