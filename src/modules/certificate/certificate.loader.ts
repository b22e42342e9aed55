import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../../graphql/loaders';
import { Certificate } from './certificate.entity';

export function createCertificateLoaders(em: EntityManager) {
  return {
    certificateByEnrollment: new DataLoader<string, Certificate | null>(async (enrollmentIds) => {
      const wellFormed = enrollmentIds.filter(isUuid);
      const rows = wellFormed.length ? await em.find(Certificate, { enrollment: { $in: wellFormed } }) : [];
      const byEnrollment = new Map(rows.map((row) => [row.enrollment.id, row]));
      return enrollmentIds.map((id) => byEnrollment.get(id) ?? null);
    }),
  };
}
