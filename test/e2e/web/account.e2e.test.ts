import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildOrganization, buildUser, type BuiltUser } from '../../builders/identity';
import { describeWithChromium, launchChromium, logInThroughTheApp, SCREENSHOTS } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

/** A cheap Android phone's screen, and an office PC's. */
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const OFFICE_PC = { viewport: { width: 1280, height: 800 }, locale: 'id-ID' };
const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;

/**
 * An ASN's account is made by the BKPSDM with a first password. On their phone they see who Pelita
 * knows them as and choose their own password; the session on the office PC ends with it.
 */
describeWithChromium('Pelita web: my account', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let learner: BuiltUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    t = await startTestApp();
    base = new URL('/', t.app.url).toString();
    browser = await launchChromium();
    const agency = await buildOrganization(t, { name: 'Dinas Kependudukan dan Pencatatan Sipil Kota Sibolga' });
    learner = await buildUser(t, { name: 'Nurhayati Simatupang', organizationId: agency.id });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.stop();
  });

  it('shows who the learner is, refuses a wrong current password and a mistyped repeat, changes the password and ends the other session', async () => {
    const office = await browser.newContext(OFFICE_PC);
    const phone = await browser.newContext(PHONE);
    contexts.push(office, phone);
    const pc = await office.newPage();
    await logInThroughTheApp(pc, base, learner);
    const page = await phone.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    await logInThroughTheApp(page, base, learner);

    await page.getByRole('link', { name: 'Akun', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Akun saya' }).waitFor();
    const who = page.getByRole('region', { name: 'Nurhayati Simatupang' });
    await who.getByText(learner.email).waitFor();
    await who.getByText('Dinas Kependudukan dan Pencatatan Sipil Kota Sibolga').waitFor();
    if (learner.nip) await who.getByText(learner.nip).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    const form = page.getByRole('region', { name: 'Ganti kata sandi' });
    const submit = form.getByRole('button', { name: 'Ganti kata sandi' });
    const newPassword = 'pelayanan-prima-2027';
    // The repeat does not match: said at the field, nothing sent.
    await form.getByLabel('Kata sandi saat ini', { exact: true }).fill(learner.password);
    await form.getByLabel('Kata sandi baru', { exact: true }).fill(newPassword);
    await form.getByLabel('Ulangi kata sandi baru').fill('pelayanan-prima-2072');
    await submit.click();
    await form.getByText('Ulangan kata sandi tidak sama dengan kata sandi baru.').waitFor();
    await expect(page.evaluate(() => (globalThis as unknown as { document: { activeElement: { name: string } } }).document.activeElement.name)).resolves.toBe('confirmPassword');
    // A wrong current password: the API refuses it, named at its field.
    await form.getByLabel('Kata sandi saat ini', { exact: true }).fill('bukan-kata-sandi-saya');
    await form.getByLabel('Ulangi kata sandi baru').fill(newPassword);
    await submit.click();
    await form.getByText('Kata sandi saat ini salah.').waitFor();
    await expect(form.getByLabel('Kata sandi saat ini', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await t.gql(LOGIN, { e: learner.email, p: newPassword })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'account-wrong-password.png'), fullPage: true });

    // Right this time.
    await form.getByLabel('Kata sandi saat ini', { exact: true }).fill(learner.password);
    await submit.click();
    await page.getByTestId('password-changed').filter({ hasText: 'Kata sandi sudah diganti.' }).waitFor();
    await expect(form.getByLabel('Kata sandi baru', { exact: true }).inputValue()).resolves.toBe('');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'account.png'), fullPage: true });
    expect((await t.gql(LOGIN, { e: learner.email, p: learner.password })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOGIN, { e: learner.email, p: newPassword })).errors).toBeUndefined();

    // The phone stays signed in; the office PC's session has ended, and its next screen says so.
    await page.getByRole('link', { name: 'Beranda' }).click();
    await page.getByTestId('jp-progress').waitFor();
    await pc.getByRole('link', { name: 'Katalog' }).click();
    await pc.getByRole('heading', { level: 1, name: 'Masuk' }).waitFor();
    await pc.getByRole('status').filter({ hasText: /sesi/i }).waitFor();

    // In English.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await page.getByRole('region', { name: 'Change password' }).getByLabel('Repeat the new password').waitFor();
    expect(failures).toEqual([]);
  });
});
