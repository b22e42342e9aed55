import type { Caller } from '../../identity';
import { isAdmin } from '../organization/organization.policy';

/** The PDF carries a person's name and NIP: the holder and admins (BKPSDM) get it, nobody else. */
export function maySeeCertificatePdf(caller: Caller | undefined, certificate: { user: { id: string } }): boolean {
  if (isAdmin(caller)) return true;
  return caller?.kind === 'user' && caller.userId === certificate.user.id;
}
