import type { Profile } from './schema.js';
import type { SourceFile } from './source.js';

/** An organisation that signs a joint submission with the one whose folder it is. */
export interface CoSigner {
  /** Its place in the submission's `coSigners:` list, where problems with it are shown. */
  entry: number;
  profile: Profile;
  source: SourceFile;
}
