/**
 * Loading the example data: a run of the example connector (connectors/example), so examples go
 * through the same sink, rules and bookkeeping as any harvested platform. A reference cycle
 * between examples (a dataset cited by a publication that documents it) is completed by the sink.
 */
import { exampleConnector } from '../connectors/example/index.ts';
import { runConnector } from '../connectors/runner.ts';
import type { Catalogue } from './catalogue.ts';

export { EXAMPLE_ORDER, EXAMPLE_PLATFORM, readExamples } from './example-files.ts';

/** Loads the examples (creating what is missing, updating what changed); returns how many were created. */
export async function loadExamples(catalogue: Catalogue): Promise<number> {
  const summary = await runConnector(catalogue, exampleConnector);
  if (summary.status !== 'succeeded' || summary.failed > 0) {
    throw new Error(`loading the example data failed: ${summary.message ?? `${summary.failed} examples were rejected`} (see connector run ${summary.run})`);
  }
  return summary.created;
}
