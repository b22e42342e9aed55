import { randomBytes, randomUUID } from 'node:crypto';
import { withClient } from './global-setup';

export interface MaterialRows {
  courseId: string;
  moduleId: string;
  materialId: string;
}

/**
 * A course with one module and one material, written straight to the database: for tests of
 * the file side of materials that must not depend on the catalogue mutations.
 */
export async function insertMaterialRows(
  databaseUrl: string,
  input: { organizationId: string; kind: string; status?: 'DRAFT' | 'IN_REVIEW' | 'PUBLISHED' | 'ARCHIVED'; title?: string },
): Promise<MaterialRows> {
  const ids = { courseId: randomUUID(), moduleId: randomUUID(), materialId: randomUUID() };
  await withClient(databaseUrl, async (client) => {
    await client.query(
      `INSERT INTO courses (id, code, title, competency, jp, delivery_mode, organization_id, status)
       VALUES ($1, $2, 'Pelayanan Publik Prima', 'TEKNIS', 4, 'ONLINE', $3, $4)`,
      [ids.courseId, `PP-${randomBytes(4).toString('hex').toUpperCase()}`, input.organizationId, input.status ?? 'DRAFT'],
    );
    await client.query(`INSERT INTO course_modules (id, course_id, position, title) VALUES ($1, $2, 1, 'Modul 1: Dasar Pelayanan')`, [
      ids.moduleId,
      ids.courseId,
    ]);
    await client.query(`INSERT INTO materials (id, module_id, position, title, kind) VALUES ($1, $2, 1, $3, $4)`, [
      ids.materialId,
      ids.moduleId,
      input.title ?? 'Materi pokok',
      input.kind,
    ]);
  });
  return ids;
}
