/**
 * Whether a connector's body is one the sink can store: its `@<plural>:<platform id>` references
 * replaced by an identifier as the sink does (references.ts), then the create schema of its type.
 */
import { resolveReferences } from "../../src/connectors/references.js";
import { createSchema } from "../../src/database/model/schemas.js";
/** The schema's complaint about the body, or undefined when it is valid. */
export function createBodyProblem(resource, body) {
    const { body: resolved } = resolveReferences(resource, body, (reference) => `${reference.plural.slice(0, 3)}_resolved`);
    return createSchema(resource, 'latest').safeParse(resolved).error;
}
