/**
 * The example connector: the catalogue's example data (src/examples/, one linked example per
 * type) harvested like any platform, so loading examples exercises the same sink as HuggingFace.
 * It lists everything it has on every run, so an example removed from the files is deleted.
 */
import type { Json } from '../../database/model/normalize.ts';
import { EXAMPLE_ORDER, readExamples } from '../../services/example-files.ts';
import type { Connector, ConnectorEvent } from '../connector.ts';
import { CONNECTOR_PLATFORMS } from '../names.ts';

async function* exampleEvents(): AsyncGenerator<ConnectorEvent> {
  for (const plural of EXAMPLE_ORDER) {
    for (const example of readExamples(plural)) {
      const { platform: _platform, platform_resource_identifier: platformId, ...body } = example;
      yield { kind: 'record', resource: plural, platformResourceIdentifier: platformId as string, body: body as Json };
    }
  }
  yield { kind: 'listed-all' };
}

export const exampleConnector: Connector = {
  name: 'example',
  platform: CONNECTOR_PLATFORMS.example,
  resources: EXAMPLE_ORDER,
  run: () => exampleEvents(),
};
