export { openMlConnector } from './connector.ts';
