#!/usr/bin/env node
// I1 (issue 16): sign-in with ProConnect in a real Chromium, against a real OpenID Connect
// provider on loopback (oidc-provider.mjs, set up like ProConnect; IDP is its address).
//
//   IDP=http://127.0.0.1:PORT node oidc.mjs BASE_URL
//
// The sign-in page shows the ProConnect button; clicking it leads to the provider, whose
// login page signs in and sends the browser back to the organiser space. Logging out ends
// the site's session and the provider's: signing in again shows the provider's login page
// again. A participant fills the registration form from ProConnect (the provider's session
// answers at once) and finds it prefilled. A forged answer gets the French refusal page.
// axe-core, the RGAA checks and vnu on every page of this site; then the same sign-in with
// the Content-Security-Policy enforced.

import { chromium } from 'playwright-core';
import { audit, check, CHROMIUM_ARGS, cspPass, NAV_TIMEOUT_MS, runWithin, setup, visit, watch } from './audit.mjs';

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/+$/, '');
const idp = (process.env.IDP || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base) || !/^https?:\/\//.test(idp)) {
  console.error('usage: IDP=… node oidc.mjs BASE_URL');
  process.exit(2);
}

setup(base);

const TOTAL_TIMEOUT_MS = 120_000;

/** Clicks the ProConnect button of the page and waits until the provider's page or the
 *  site's page `landing` (a path pattern tested on path and query) is reached; returns the
 *  URL reached. */
async function clickProConnect(page, landing) {
  await Promise.all([
    page.waitForURL((u) => u.origin === idp || (u.origin === base && landing.test(u.pathname + u.search)), {
      timeout: NAV_TIMEOUT_MS,
      waitUntil: 'load',
    }),
    page.locator('main button.fr-connect--pro').click(),
  ]);
  return new URL(page.url());
}

/** On the provider's login page, signs in and waits for the site's `landing` path. */
async function signInAtProvider(page, landing) {
  await Promise.all([
    page.waitForURL((u) => u.origin === base && landing.test(u.pathname + u.search), { timeout: NAV_TIMEOUT_MS, waitUntil: 'load' }),
    page.locator('#se-connecter').click(),
  ]);
  return new URL(page.url()).pathname;
}

/** The whole sign-in from the sign-in page, for the pass with the CSP enforced. */
async function signIn(page) {
  await visit(page, '/connexion');
  const reached = await clickProConnect(page, /^\/organisation$/);
  if (reached.origin === idp) await signInAtProvider(page, /^\/organisation$/);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 15_000,
  });
  const visited = [];
  try {
    const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const seen = watch(page);

    await check('sign-in page with the ProConnect button', async () => {
      const status = await visit(page, '/connexion');
      visited.push('/connexion');
      const problems = status === 200 ? [] : [`status ${status}`];
      const brand = await page.locator('main .fr-connect--pro .fr-connect__brand').textContent().catch(() => null);
      if (brand !== 'ProConnect') problems.push(`button brand is ${JSON.stringify(brand)}`);
      if ((await page.locator('#f-password').count()) !== 1) problems.push('the password form is gone');
      return [...problems, ...(await audit(page, seen))];
    });

    await check('ProConnect: the provider signs in, back to the organiser space', async () => {
      const reached = await clickProConnect(page, /^\/organisation$/);
      const problems = [];
      if (reached.origin !== idp) problems.push(`the button led to ${reached.href}`);
      const path = await signInAtProvider(page, /^\/organisation$/);
      if (path !== '/organisation') problems.push(`landed on ${path}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('logout ends the site’s session and the provider’s', async () => {
      await visit(page, '/organisation');
      await Promise.all([
        page.waitForURL((u) => u.origin === base && u.pathname === '/connexion', { timeout: NAV_TIMEOUT_MS, waitUntil: 'load' }),
        page.locator('main form[action="/deconnexion"] button').click(),
      ]);
      const problems = [];
      const notice = await page.locator('main .fr-alert--success p').textContent().catch(() => null);
      if (notice !== 'Vous êtes déconnecté.') problems.push(`notice is ${JSON.stringify(notice)}`);
      problems.push(...(await audit(page, seen)));
      await visit(page, '/organisation');
      if (new URL(page.url()).pathname !== '/connexion') problems.push('the organiser space still opens');
      const reached = await clickProConnect(page, /^\/organisation$/);
      if (reached.origin !== idp) problems.push('the provider did not ask to sign in again: its session survived');
      else await signInAtProvider(page, /^\/organisation$/);
      return problems;
    });

    await check('a forged answer gets the French refusal page', async () => {
      const status = await visit(page, `/connexion/proconnect/retour?code=abc&state=${'0'.repeat(64)}`);
      const problems = status === 400 ? [] : [`status ${status}`];
      const heading = (await page.locator('h1').textContent()).trim();
      if (heading !== 'Connexion avec ProConnect impossible') problems.push(`h1 is ${JSON.stringify(heading)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('registration form: « Remplir avec ProConnect » fills it', async () => {
      // The demo event that takes registrations is the one whose public page has the button.
      await visit(page, '/evenements');
      const hrefs = await page.locator('main .fr-card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      let form = null;
      for (const href of hrefs) {
        await visit(page, href);
        if ((await page.locator(`main a[href="${href}/inscription"]`).count()) > 0) {
          form = `${href}/inscription`;
          break;
        }
      }
      if (!form) return ['no demo event takes registrations'];
      await visit(page, form);
      visited.push(form);
      const problems = [...(await audit(page, seen))];
      const login = await page.locator('main .fr-connect--pro .fr-connect__login').textContent().catch(() => null);
      if (login !== 'Remplir avec') problems.push(`button says ${JSON.stringify(login)}`);
      // The provider's session is open: it answers at once.
      const reached = await clickProConnect(page, /\/inscription\?proconnect=1$/);
      if (reached.origin === idp) await signInAtProvider(page, /\/inscription\?proconnect=1$/);
      await page.waitForLoadState('load');
      if ((await page.inputValue('#email')) !== 'admin@example.org') problems.push('the address is not filled');
      if ((await page.inputValue('#name')) !== 'Camille Dupont') problems.push('the name is not filled');
      if ((await page.inputValue('#status')) !== 'public_agent') problems.push('the status is not « agent public »');
      const title = await page.locator('main .fr-alert--success .fr-alert__title').textContent().catch(() => null);
      if (title !== 'Formulaire rempli avec ProConnect') problems.push(`notice title is ${JSON.stringify(title)}`);
      return [...problems, ...(await audit(page, seen))];
    });
    await context.close();

    await cspPass(browser, visited, signIn);
  } finally {
    await browser.close();
  }
}

runWithin(TOTAL_TIMEOUT_MS, main);
