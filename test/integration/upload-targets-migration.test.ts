import { randomBytes } from 'node:crypto';
import { createPelitaOrm } from '../../src/app-modules';
import { databaseUrlFor, withClient } from '../support/global-setup';
import { shared } from '../support/test-env';

const BEFORE = 'Migration20261207002443_idempotency_keys';

/** Issue 15: an upgraded database keeps every upload, now named by purpose and target id. */
describe('migration generic_upload_targets', () => {
  const adminUrl = shared('adminUrl');
  const name = `pelita_t_upload_targets_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = databaseUrlFor(adminUrl, name);

  beforeAll(() => withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`)));
  afterAll(() => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));

  it('moves each upload’s target column into purpose and target_id', async () => {
    const orm = await createPelitaOrm(url);
    try {
      await orm.getMigrator().up({ to: BEFORE });
      const target = (n: number) => `10000000-0000-4000-8000-00000000000${n}`;
      const columns = ['material_id', 'course_id', 'assignment_material_id', 'submission_id', 'seminar_id'];
      await withClient(url, async (client) => {
        // Only the uploads are the subject here: the targets' foreign keys are not checked for this session.
        await client.query('SET session_replication_role = replica');
        for (const [index, column] of columns.entries()) {
          await client.query(
            `INSERT INTO uploads (id, ${column}, requested_by_id, object_key, filename, content_type, size, sha256, status, expires_at)
             VALUES ($1, $2, $3, $4, 'modul.pdf', 'application/pdf', 1, $5, 'COMPLETED', now())`,
            [`00000000-0000-4000-8000-00000000000${index}`, target(index), target(9), `uploads/${index}`, 'a'.repeat(64)],
          );
        }
      });

      await orm.getMigrator().up();

      const rows = await withClient(url, (client) => client.query('SELECT id, purpose, target_id, status FROM uploads ORDER BY id'));
      expect(rows.rows).toEqual(
        ['material-version', 'course-cover', 'submission-work', 'review-file', 'seminar-material'].map((purpose, index) => ({
          id: `00000000-0000-4000-8000-00000000000${index}`,
          purpose,
          target_id: target(index),
          status: 'COMPLETED',
        })),
      );
    } finally {
      await orm.close();
    }
  });
});
