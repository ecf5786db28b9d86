/** The catalogue's release version, from package.json. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const CATALOGUE_VERSION: string = (require('../package.json') as { version: string }).version;
