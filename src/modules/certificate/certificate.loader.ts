import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../../graphql/loaders';
import { Certificate } from './certificate.entity';

export function createCertificateLoaders(em: EntityManager) {
  return {
    certificateByEnrollment: new DataLoader<string, Certificate | null>(async (enrollmentIds) => {
      const wellFormed = enrollmentIds.filter(isUuid);
      const rows = wellFormed.length ? await em.find(Certificate, { enrollment: { $in: wellFormed } }) : [];
      const byEnrollment = new Map(rows.map((row) => [row.enrollment?.id, row]));
      return enrollmentIds.map((id) => byEnrollment.get(id) ?? null);
    }),
    certificateBySeminarRegistration: new DataLoader<string, Certificate | null>(async (registrationIds) => {
      const wellFormed = registrationIds.filter(isUuid);
      const rows = wellFormed.length ? await em.find(Certificate, { seminarRegistration: { $in: wellFormed } }) : [];
      const byRegistration = new Map(rows.map((row) => [row.seminarRegistration?.id, row]));
      return registrationIds.map((id) => byRegistration.get(id) ?? null);
    }),
  };
}
