export { zenodoConnector } from './connector.ts';
