/**
 * OAI-PMH resumption tokens: the list's arguments and where its last page ended, as base64url
 * JSON. Holding the position itself (not an offset into a result set kept on the server), a
 * token never expires and stays exact while assets change: the next page starts after the last
 * (datestamp, identifier) returned, whatever was added or deleted meanwhile.
 */
import { z } from 'zod';

const tokenSchema = z.object({
  /** metadataPrefix */
  m: z.string(),
  /** set (a type's plural) */
  s: z.string().optional(),
  /** inclusive lower datestamp bound, stored form */
  f: z.string().optional(),
  /** exclusive upper datestamp bound, stored form */
  b: z.string().optional(),
  /** the last entry returned: its datestamp and identifier */
  d: z.string(),
  i: z.string(),
  /** entries returned so far */
  c: z.number().int().min(0),
});

export type ResumptionToken = z.infer<typeof tokenSchema>;

export function encodeToken(token: ResumptionToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** The token, or undefined when `text` is not one this catalogue issued. */
export function decodeToken(text: string): ResumptionToken | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const parsed = tokenSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
