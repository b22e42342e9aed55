import { buildCourse, buildMaterial, buildModule, publishCourse } from '../builders/catalogue';
import { buildUser } from '../builders/identity';
import { enrolLearner } from '../builders/learning';
import { sha256 } from '../support/sample-files';
import { forwardTcp, type TcpForward } from '../support/tcp-forward';
import { startTestApp, testStorageEndpoint, type TestApp } from '../support/test-app';
import { COMPLETE_UPLOAD, REQUEST_UPLOAD, requestPdfUpload } from '../support/uploads';

const MATERIAL = `query ($id: ID!) { material(id: $id) { downloadUrl } }`;

/**
 * In compose the API reaches MinIO as http://minio:9000, a name that exists only inside the
 * compose network, while browsers and phones reach the published port. Here the store's
 * published address is 127.0.0.2 (another address of this machine, forwarded to the store), and
 * the API keeps talking to the store on its internal address.
 */
describe('presigned URLs name the public storage address (MINIO_PUBLIC_URL)', () => {
  let t: TestApp;
  let published: TcpForward;

  beforeAll(async () => {
    const internal = testStorageEndpoint();
    published = await forwardTcp('127.0.0.2', { host: internal.endPoint, port: internal.port });
    t = await startTestApp({ storage: { ...internal, publicAddress: { endPoint: '127.0.0.2', port: published.port, useSSL: false } } });
  });
  afterAll(async () => {
    await t.stop();
    await published.close();
  });

  it('uploads and downloads through the public address while the API verifies through the internal one', async () => {
    const { course, materialId, author, bytes, ticket } = await requestPdfUpload(t);
    expect(new URL(ticket.url).host).toBe(`127.0.0.2:${published.port}`);
    const put = await fetch(ticket.url, { method: ticket.method, body: bytes });
    expect(put.status).toBe(200);
    expect(published.connections()).toBe(1);

    // Completing reads the object back to hash it: the API does so on the internal address.
    const completed = (await t.ok(COMPLETE_UPLOAD, { materialId, uploadId: ticket.uploadId }, author)).completeMaterialUpload;
    expect(completed.currentVersion.sha256).toBe(sha256(bytes));
    expect(published.connections()).toBe(1);

    await publishCourse(t, course);
    const learner = await buildUser(t, { roles: ['LEARNER'] });
    await enrolLearner(t, learner, course);
    const { material } = await t.ok(MATERIAL, { id: materialId }, { token: await learner.token() });
    expect(new URL(material.downloadUrl).host).toBe(`127.0.0.2:${published.port}`);
    const answeredBefore = published.answeredBytes();
    const download = await fetch(material.downloadUrl, { headers: { range: 'bytes=0-99' } });
    expect(download.status).toBe(206);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);
    expect(published.answeredBytes() - answeredBefore).toBeGreaterThan(100);
  });

  it('names the public address in every part URL of a large upload', async () => {
    const course = await buildCourse(t);
    const module = await buildModule(t, course);
    const materialId = (await buildMaterial(t, course, module.id, 'VIDEO')).id;
    const ticket = (
      await t.ok(REQUEST_UPLOAD, { materialId, file: { filename: 'rekaman.mp4', contentType: 'video/mp4', size: 100 * 1024 * 1024, sha256: 'a'.repeat(64) } }, { token: await course.author.token() })
    ).requestMaterialUpload;
    expect(ticket.multipart).toBe(true);
    expect(new Set(ticket.parts.map((part: { url: string }) => new URL(part.url).host))).toEqual(new Set([`127.0.0.2:${published.port}`]));
  });
});
