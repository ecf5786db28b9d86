/**
 * `GET|POST /oai`: the OAI-PMH 2.0 interface (services/oai-pmh.ts). Protocol errors are part of a
 * 200 answer in XML, as the protocol says, never the API's JSON errors: harvesters parse only
 * OAI-PMH documents.
 */
import { z } from '@hono/zod-openapi';
import { XMLBuilder } from 'fast-xml-parser';
import type { Context } from 'hono';
import type { Catalogue } from '../services/catalogue.ts';
import { answerOai, type OaiAnswer, type XmlElement } from '../services/oai-pmh.ts';
import type { VersionApp } from './app-env.ts';
import { apiOrigin, assetUrlFor } from './output-formats.ts';

/** The route's path, for the JSON-body rule's exemption: harvesters POST forms. */
export const OAI_PATH = /\/oai$/;

const OAI_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/';
/** Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/F), dropped from every text. */
const xmlSafe = (value: string): string => value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  suppressEmptyNode: true,
  tagValueProcessor: (_name, value) => xmlSafe(String(value)),
  attributeValueProcessor: (_name, value) => xmlSafe(String(value)),
});

function document(answer: OaiAnswer, baseUrl: string, responseDate: string): string {
  const request: XmlElement = { '#text': baseUrl };
  for (const [name, value] of Object.entries(answer.requestAttributes)) request[`@_${name}`] = value;
  const result =
    'errors' in answer.result
      ? { error: answer.result.errors.map((error) => ({ '@_code': error.code, '#text': error.message })) }
      : { [answer.result.verb]: answer.result.content };
  const root = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'OAI-PMH': {
      '@_xmlns': OAI_NAMESPACE,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:schemaLocation': `${OAI_NAMESPACE} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd`,
      responseDate,
      request,
      ...result,
    },
  };
  return builder.build(root) as string;
}

/** The arguments of a GET's query, or of a POST's form body (the protocol allows both). */
async function argumentsOf(c: Context): Promise<Record<string, string[]>> {
  if (c.req.method === 'GET') return c.req.queries();
  const form = new URLSearchParams(await c.req.text());
  const result: Record<string, string[]> = {};
  for (const [name, value] of form) (result[name] ??= []).push(value);
  return result;
}

const xmlResponse = { 200: { description: 'An OAI-PMH document: the verb\'s answer or its errors.', content: { 'text/xml': { schema: z.string() } } } };

export function addOaiPmhRoutes(app: VersionApp, catalogue: Catalogue): void {
  const handler = async (c: Context) => {
    const baseUrl = `${apiOrigin(c, catalogue)}/oai`;
    const answer = await answerOai(catalogue, await argumentsOf(c), { baseUrl, assetUrl: assetUrlFor(c, catalogue, 'latest') });
    const responseDate = `${catalogue.now().toISOString().slice(0, 19)}Z`;
    return c.body(document(answer, baseUrl, responseDate), 200, { 'Content-Type': 'text/xml; charset=utf-8' });
  };
  const description =
    'OAI-PMH 2.0 data provider: verbs Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords and GetRecord; ' +
    'Dublin Core (oai_dc); one set per resource type; deleted records are reported; resumption tokens do not expire.';
  const query = z.object({
    verb: z.string().optional(),
    metadataPrefix: z.string().optional(),
    identifier: z.string().optional(),
    from: z.string().optional(),
    until: z.string().optional(),
    set: z.string().optional(),
    resumptionToken: z.string().optional(),
  });
  app.openAPIRegistry.registerPath({ method: 'get', path: '/oai', tags: ['OAI-PMH'], summary: 'Harvest the catalogue (OAI-PMH)', description, request: { query }, responses: xmlResponse });
  app.openAPIRegistry.registerPath({ method: 'post', path: '/oai', tags: ['OAI-PMH'], summary: 'Harvest the catalogue (OAI-PMH, form arguments)', description, responses: xmlResponse });
  app.get('/oai', handler);
  app.post('/oai', handler);
}
