import { withClient } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const running = globalThis.__pelitaTest;
  if (!running) return;
  await withClient(running.adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${running.template} WITH (FORCE)`));
  for (const stop of running.stops.reverse()) await stop();
}
