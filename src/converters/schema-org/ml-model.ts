/**
 * ML models as schema.org SoftwareApplications.
 *
 * schema.org has no type for a trained model. SoftwareApplication (a CreativeWork) is chosen over a
 * bare CreativeWork + additionalType because its properties are the ones a model record carries:
 * softwareVersion, downloadUrl, installUrl, operatingSystem and softwareRequirements take the
 * runnable distributions' fields that CreativeWork would have to drop, and applicationCategory /
 * applicationSubCategory say what kind of software it is ("Machine learning model", and the
 * model's type such as "large language model"). Each distribution is also kept whole as a
 * MediaObject (associatedMedia), so its own size, format and checksum stay together.
 */
import { absoluteIri, node, unique } from '../json-ld.ts';
import { readObjects, readString } from '../read-object.ts';
import { lookupFor } from '../related.ts';
import type { Converter, ReadObject } from '../types.ts';
import { schemaOrgTypeOf } from './asset-types.ts';
import { schemaOrgContext } from './context.ts';
import { creativeWorkProperties, creativeWorkReferences } from './creative-work.ts';
import { mediaObjectNode } from './media-object.ts';

export const ML_MODEL_APPLICATION_CATEGORY = 'Machine learning model';

/** One field of every distribution, each value once, in order. */
function fromDistributions(distributions: ReadObject[], key: string): string[] {
  return unique(distributions.map((distribution) => readString(distribution, key)).filter((value) => value !== undefined));
}

export const schemaOrgMlModel: Converter = {
  references: creativeWorkReferences,
  convert: (object, context) => {
    const lookup = lookupFor(object, context);
    const distributions = readObjects(object, 'distribution');
    return node({
      '@context': schemaOrgContext,
      '@type': schemaOrgTypeOf('ml_model'),
      ...creativeWorkProperties('ml_model', object, context, lookup),
      // SoftwareApplication's own name for the version; `version` would say it twice.
      version: undefined,
      softwareVersion: readString(object, 'version'),
      applicationCategory: ML_MODEL_APPLICATION_CATEGORY,
      applicationSubCategory: readString(object, 'type'),
      downloadUrl: fromDistributions(distributions, 'content_url').map(absoluteIri),
      installUrl: fromDistributions(distributions, 'installation_script').map(absoluteIri),
      operatingSystem: fromDistributions(distributions, 'os_requirement'),
      softwareRequirements: fromDistributions(distributions, 'dependency'),
      associatedMedia: distributions.map((distribution) => mediaObjectNode(distribution, 'MediaObject')),
    });
  },
};
