import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { graphqlClient } from '../support/graphql-client';
import { cleanEnv, isReady, type PelitaProcess, removeDataDir, REPO_ROOT, startPelita, stopPelita, within } from '../support/pelita-process';
import type { ApiUnderTest } from '../support/test-app';
import { COMPLETE_UPLOAD, requestPdfUpload } from '../support/uploads';

// Cold starts run initdb: allow for a slow machine.
jest.setTimeout(180_000);

const ADMIN = { email: 'admin@sibolgakota.go.id', password: 'kata-sandi-admin-sibolga' };
/** Stands for the office PC's address on the Wi-Fi: another address of this machine than 127.0.0.1. */
const LAN_ADDRESS = '127.0.0.2';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * One Sibolga office runs `npm start` on a PC and its learners take courses from their phones on
 * the same Wi-Fi: with HOST=0.0.0.0 and PUBLIC_BASE_URL naming the PC, the API and the embedded
 * store both answer on the LAN address, and the store's links name it.
 */
describe('run it for one office: phones on the same Wi-Fi reach the API and the materials', () => {
  const dataDir = path.resolve(REPO_ROOT, 'data', `one-office-e2e-${randomBytes(4).toString('hex')}`);
  let running: PelitaProcess | undefined;

  async function start(extra: NodeJS.ProcessEnv): Promise<Record<string, any>> {
    running = startPelita({
      ...cleanEnv(),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      DEMO: 'false',
      ...extra,
    });
    return running.waitForLog(isReady, 90_000);
  }

  async function stop(): Promise<void> {
    expect(await stopPelita(running as PelitaProcess)).toEqual({ code: 0, signal: null });
    running = undefined;
  }

  afterAll(async () => {
    if (running) {
      running.child.kill('SIGTERM');
      await within(running.exit, 30_000, 'exit in clean-up').catch(() => running?.child.kill('SIGKILL'));
    }
    await removeDataDir(dataDir);
  });

  it('serves the office LAN when asked, with links naming the PC, and only loopback otherwise', async () => {
    const [apiPort, storePort] = [await freePort(), await freePort()];
    const ready = await start({
      HOST: '0.0.0.0',
      PORT: String(apiPort),
      EMBEDDED_S3_PORT: String(storePort),
      PUBLIC_BASE_URL: `http://${LAN_ADDRESS}:${apiPort}`,
    });
    expect(ready.storage).toContain(`listening on 0.0.0.0:${storePort}`);
    expect(ready.storage).toContain(`links name http://${LAN_ADDRESS}:${storePort}`);

    // The phone knows only the PC's address.
    const phone = graphqlClient(`http://${LAN_ADDRESS}:${apiPort}/graphql`);
    const adminToken = (await phone.login(ADMIN.email, ADMIN.password)).accessToken;
    const api: ApiUnderTest = { ...phone, adminToken: async () => adminToken };
    const { materialId, author, bytes, ticket } = await requestPdfUpload(api);
    expect(new URL(ticket.url).host).toBe(`${LAN_ADDRESS}:${storePort}`);
    expect((await fetch(ticket.url, { method: ticket.method, body: bytes })).status).toBe(200);
    await phone.ok(COMPLETE_UPLOAD, { materialId, uploadId: ticket.uploadId }, author);
    const { material } = await phone.ok(`query ($id: ID!) { material(id: $id) { downloadUrl } }`, { id: materialId }, author);
    expect(new URL(material.downloadUrl).host).toBe(`${LAN_ADDRESS}:${storePort}`);
    const download = await fetch(material.downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    await stop();

    // The defaults expose nothing to the LAN: both listen on loopback only, the store on the same port.
    const local = await start({ PORT: String(apiPort), EMBEDDED_S3_PORT: String(storePort) });
    expect(local.storage).toContain(`listening on 127.0.0.1:${storePort}`);
    await expect(fetch(`http://${LAN_ADDRESS}:${storePort}/`)).rejects.toThrow();
    await expect(fetch(`http://${LAN_ADDRESS}:${apiPort}/healthz`)).rejects.toThrow();
    // The store is there on loopback, and without a signature it answers nothing but a refusal.
    const anonymous = await fetch(`http://127.0.0.1:${storePort}/pelita/materials`);
    expect(anonymous.status).toBe(403);
    await stop();
  });
});
