export { huggingFaceConnector } from './connector.ts';
