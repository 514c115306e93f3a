import type { Profile } from '../model/schema.js';
import type { SourceFile } from '../model/source.js';
import type { Kind, StatusOrNone } from './kind.js';
import { statusOf } from './requirements.js';

/** One organisation of a submission: the one whose folder it is, or a co-signer. */
export interface Organisation {
  profile: Profile;
  /** Its profile's file, where a problem with its text is shown. */
  source: SourceFile;
  status: StatusOrNone;
}

const rank: Record<StatusOrNone, number> = { general: 0, special: 1, roster: 2, none: 3 };

/**
 * The organisations as the kind lists them: in the content's order (the submitter
 * first), or by status (general, special, Roster, then those without; the content's
 * order within each). Those without status go to the title's footnote where the
 * kind says so.
 */
export function listedOrganisations(kind: Kind, all: readonly Omit<Organisation, 'status'>[]): { listed: Organisation[]; footnoted: Organisation[] } {
  const withStatus = all.map((o) => ({ ...o, status: statusOf(o.profile) }));
  const ordered = kind.ecosoc.order === 'by-status' ? [...withStatus].sort((a, b) => rank[a.status] - rank[b.status]) : withStatus;
  if (kind.ecosoc.withoutStatus === 'listed') return { listed: ordered, footnoted: [] };
  return { listed: ordered.filter((o) => o.status !== 'none'), footnoted: ordered.filter((o) => o.status === 'none') };
}
