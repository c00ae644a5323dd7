#!/usr/bin/env node
// C1 C2 C3 C4: the call for talks in a real Chromium, from the proposer to the programme.
//
//   EMAIL=admin@example.org PASSWORD=… MAIL_DIR=/tmp/sink node cfp.mjs BASE_URL
//
// The server runs `serve --demo` (an open call on the afternoon of talks) and sends its mail to
// an SMTP sink writing into MAIL_DIR (read with tests/tools/read_mail.py). A proposer sends the
// form (first empty: French errors next to the fields), opens the private link of the receipt
// and edits the proposal; the administrator invites a reviewer by mail, who sets a password and
// scores; the administrator accepts, prepares the decision mails, reads the outbox and
// announces; the speaker confirms from the decision mail; the talk is listed on the public page
// of accepted talks and on the organiser programme page, then added to the draft. On every page:
// axe-core finds no WCAG 2.1 A/AA violation, html[lang=fr], one h1, no inline script or style,
// no failed same-origin request. Then a pass with the Content-Security-Policy enforced.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { audit, check, CHROMIUM_ARGS, cspPass, finish, follow, NAV_TIMEOUT_MS, report, runWithin, setup, visit, watch } from './audit.mjs';

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base) || !process.env.MAIL_DIR) {
  console.error('usage: EMAIL=… PASSWORD=… MAIL_DIR=… node cfp.mjs BASE_URL');
  process.exit(2);
}
setup(base);

const TOTAL_TIMEOUT_MS = 180_000;
const email = process.env.EMAIL || '';
const password = process.env.PASSWORD || '';
const READ_MAIL = new URL('../tools/read_mail.py', import.meta.url).pathname;
const PROPOSER = 'camille.agent@example.org';
const REVIEWER = 'relecteur@example.org';
const TITLE = 'Mutualiser un outil entre ministères';

/** Waits for a mail to `to` whose subject starts with `subject`; returns the path of its first
 *  link starting with `prefix` (the link's host is the configured base_url, not this server). */
async function mailLink(to, subject, prefix) {
  for (let i = 0; i < 100; i += 1) {
    const mails = JSON.parse(execFileSync('python3', [READ_MAIL, process.env.MAIL_DIR]).toString());
    const mail = mails.reverse().find((m) => m.rcpt_tos.includes(to) && m.subject.startsWith(subject));
    if (mail) {
      const m = new RegExp(`https?://[^/\\s]+(${prefix}[^\\s]*)`).exec(mail.text);
      if (!m) throw new Error(`no ${prefix} link in ${JSON.stringify(mail.text.slice(0, 200))}`);
      return m[1];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const all = JSON.parse(execFileSync('python3', [READ_MAIL, process.env.MAIL_DIR]).toString());
  throw new Error(`no mail "${subject}" to ${to} among ${JSON.stringify(all.map((m) => [m.rcpt_tos, m.subject]))}`);
}

/** Waits until the current page's own requests (the favicon) are done, then loads `path`:
 *  leaving earlier would abort them and count as failed requests. */
async function go(page, path) {
  await page.waitForLoadState('networkidle', { timeout: NAV_TIMEOUT_MS }).catch(() => {});
  return visit(page, path);
}

/** Clicks a submit button and waits for the next document (even at the same path, as after
 *  a POST that redirects back to its form); throws when it lands outside `pathPattern`. */
async function submit(page, selector, pathPattern) {
  // Let the page's own requests (the favicon) finish: leaving would abort them.
  await page.waitForLoadState('networkidle', { timeout: NAV_TIMEOUT_MS }).catch(() => {});
  await page.evaluate(() => {
    window.renBefore = true;
  });
  await page.locator(selector).first().click();
  await page.waitForFunction(() => window.renBefore === undefined, null, { timeout: NAV_TIMEOUT_MS });
  await page.waitForLoadState('load');
  const path = new URL(page.url()).pathname;
  if (!pathPattern.test(path)) throw new Error(`landed on ${path}`);
  return path;
}

async function login(page, who, secret) {
  await go(page, '/connexion');
  await page.fill('#f-email', who);
  await page.fill('#f-password', secret);
  await submit(page, 'main form[action="/connexion"] button[type=submit]', /^\/organisation$/);
}

async function text(page, selector) {
  return (await page.locator(selector).first().textContent({ timeout: 2_000 })).trim();
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 15_000,
  });
  const visited = [];
  const page200 = async (page, seen, path) => {
    const status = await go(page, path);
    visited.push(path);
    return [...(status === 200 ? [] : [`${path}: status ${status}`]), ...(await audit(page, seen))];
  };
  try {
    const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const seen = watch(page);
    let callPath = null;
    let proposalPath = null;
    let eventId = null;
    let proposalId = null;

    await check('event page links to the open call', async () => {
      await go(page, '/evenements');
      await page.waitForLoadState('networkidle', { timeout: NAV_TIMEOUT_MS }).catch(() => {});
      await follow(page, 'main a[href*="apres-midi"]', 'link to the afternoon of talks');
      await page.waitForLoadState('networkidle', { timeout: NAV_TIMEOUT_MS }).catch(() => {});
      callPath = await follow(page, 'main a[href$="/appel"]', 'call link');
      visited.push(callPath);
      return audit(page, seen);
    });

    await check('empty proposal shows French errors next to the fields', async () => {
      await submit(page, 'main form button[type=submit]', /\/appel$/);
      const problems = [];
      const error = await page.locator('#f-title-error').textContent().catch(() => null);
      if (error !== 'Le titre est obligatoire.') problems.push(`title error is ${JSON.stringify(error)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('proposal sent', async () => {
      await page.fill('#f-title', TITLE);
      await page.fill('#f-summary', 'Trois ministères, un seul outil, et ce que nous en avons appris.');
      await page.fill('#f-administration', 'Direction interministérielle du numérique');
      await page.fill('#f-subject', 'Mutualisation');
      await page.fill('#f-audience', 'Agents publics');
      await page.selectOption('#f-format', 'Intervention courte');
      await page.fill('#f-minutes', '15');
      await page.fill('#f-s0_name', 'Camille Agent');
      await page.fill('#f-s0_email', PROPOSER);
      await page.click('label[for=f-s0_consent]');
      const path = await submit(page, 'main form button[type=submit]', /\/appel\/envoyee$/);
      visited.push(path);
      return audit(page, seen);
    });

    await check('receipt link opens the private page, the proposal is edited', async () => {
      const list = await mailLink(PROPOSER, 'Proposition reçue', '/propositions/');
      const problems = await page200(page, seen, list);
      await page.waitForLoadState('networkidle', { timeout: NAV_TIMEOUT_MS }).catch(() => {});
      proposalPath = await follow(page, 'main #mes-propositions a', 'proposal link');
      proposalId = proposalPath.split('/').pop();
      visited.push(proposalPath);
      problems.push(...(await audit(page, seen)));
      await page.fill('#f-audience', 'Agents publics et prestataires');
      await submit(page, 'main form button:has-text("Enregistrer les modifications")', /^\/propositions\//);
      if (!(await page.locator('[role=status]').count())) problems.push('no confirmation after the edit');
      if ((await page.inputValue('#f-audience')) !== 'Agents publics et prestataires') problems.push('edit not kept');
      return [...problems, ...(await audit(page, seen))];
    });

    // H2: the call and the proposer's pages in English, with the same checks.
    await check('in English: the call, its errors beside the fields, and the proposer\'s page', async () => {
      const ctx = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
      const en = await ctx.newPage();
      const enSeen = watch(en);
      const problems = await page200(en, enSeen, `${callPath}?lang=en`);
      if ((await en.locator('h1').textContent()).trim() !== 'Call for talks') problems.push('the call is not in English');
      await submit(en, 'main form button[type=submit]', /\/appel$/);
      const error = await en.locator('#f-title-error').textContent().catch(() => null);
      if (error !== 'The title is required.') problems.push(`title error is ${JSON.stringify(error)}`);
      problems.push(...(await audit(en, enSeen)));
      problems.push(...(await page200(en, enSeen, proposalPath)));
      if ((await en.locator('h1').textContent()).trim() !== 'My proposal') problems.push('the proposal page is not in English');
      await ctx.close();
      return problems;
    });

    const admin = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const org = await admin.newPage();
    const orgSeen = watch(org);

    await check('organiser opens the call and invites a reviewer', async () => {
      await login(org, email, password);
      const href = await org.locator('main a:has-text("retours d")').first().getAttribute('href');
      eventId = /\/organisation\/evenements\/(\d+)/.exec(href)[1];
      const problems = await page200(org, orgSeen, `/organisation/evenements/${eventId}/appel`);
      await go(org, '/organisation/utilisateurs');
      await org.fill('#f-email', REVIEWER);
      await org.selectOption('#f-role', 'reviewer');
      await org.selectOption('#f-event', eventId);
      await submit(org, 'main form[action="/organisation/utilisateurs"] button[type=submit]', /^\/organisation\/utilisateurs$/);
      const errors = await org.locator('.fr-error-text').allTextContents();
      return [...problems, ...errors.map((e) => `invitation form: ${e}`)];
    });

    const reviewerContext = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const rev = await reviewerContext.newPage();
    const revSeen = watch(rev);

    await check('reviewer sets a password from the invitation and scores', async () => {
      const invitation = await mailLink(REVIEWER, '', '/invitation/');
      await go(rev, invitation);
      await rev.fill('#f-password', 'relire les propositions avec soin');
      await rev.fill('#f-confirm', 'relire les propositions avec soin');
      await submit(rev, 'main form[method=post] button[type=submit]', /^\/(connexion|organisation)$/);
      if (new URL(rev.url()).pathname === '/connexion') await login(rev, REVIEWER, 'relire les propositions avec soin');
      const problems = await page200(rev, revSeen, `/organisation/evenements/${eventId}/appel/propositions`);
      const path = `/organisation/evenements/${eventId}/appel/proposition?n=${proposalId}`;
      problems.push(...(await page200(rev, revSeen, path)));
      await rev.selectOption('#score_0', '4');
      await rev.selectOption('#score_1', '3');
      await rev.fill('#comment', 'Un retour concret, utile à d’autres ministères.');
      await submit(rev, 'main form button:has-text("Enregistrer mon évaluation")', /\/appel\/proposition$/);
      if (!(await rev.locator('[role=status]').count())) problems.push('no confirmation after scoring');
      return [...problems, ...(await audit(rev, revSeen))];
    });

    await check('organiser accepts, reads the outbox and announces', async () => {
      const path = `/organisation/evenements/${eventId}/appel/proposition?n=${proposalId}`;
      const problems = await page200(org, orgSeen, path);
      if (!(await text(org, '#moyenne')).startsWith('Moyenne : 3,50')) problems.push(`mean is ${await text(org, '#moyenne')}`);
      await org.selectOption('#decision', 'accepted');
      await submit(org, 'main form button:has-text("Enregistrer la décision")', /\/appel\/proposition$/);
      problems.push(...(await audit(org, orgSeen)));
      await go(org, `/organisation/evenements/${eventId}/appel`);
      await submit(org, 'main form button:has-text("Préparer les courriels")', /\/appel$/);
      const outbox = await text(org, '#boite-envoi');
      if (!outbox.includes(`${PROPOSER} — Proposition acceptée`)) problems.push(`outbox: ${outbox}`);
      problems.push(...(await audit(org, orgSeen)));
      await submit(org, 'main form button:has-text("Annoncer les décisions")', /\/appel$/);
      return [...problems, ...(await audit(org, orgSeen))];
    });

    await check('speaker confirms from the decision mail', async () => {
      const link = await mailLink(PROPOSER, 'Proposition acceptée', '/propositions/');
      const problems = await page200(page, seen, link);
      await submit(page, 'main form button:has-text("Je confirme mon intervention")', /^\/propositions\//);
      const state = await text(page, '#etat-proposition');
      if (state !== 'Acceptée et confirmée') problems.push(`state is ${state}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('accepted talks page and the programme page list the talk', async () => {
      const problems = await page200(page, seen, callPath.replace(/\/appel$/, '/interventions'));
      if (!(await text(page, '#interventions')).includes(TITLE)) problems.push('talk missing from the public list');
      problems.push(...(await page200(org, orgSeen, `/organisation/evenements/${eventId}/programme`)));
      if (!(await text(org, '#a-placer')).includes(TITLE)) problems.push('talk missing from the programme page');
      await submit(org, 'main form button:has-text("Ajouter au brouillon")', /\/programme$/);
      if (await org.locator('#a-placer').count()) problems.push('talk still listed as not in the draft');
      // Issue 19: the talk waits for its slot in the draft, never on the event's first one.
      if (!(await text(org, '#interventions-a-placer')).includes(TITLE)) problems.push('talk missing from « Interventions à placer »');
      return [...problems, ...(await audit(org, orgSeen))];
    });

    // Issue 19 (C4): the speaker sends a photo; once the programme is released, the talk links
    // to the speaker's public page, with the photo.
    await check('the speaker sends a photo, the release links the talk to the speaker page', async () => {
      const link = await mailLink(PROPOSER, 'Proposition acceptée', '/propositions/');
      const problems = await page200(page, seen, link);
      // A 1 × 1 PNG.
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
      await page.locator('input[type=file][name=photo]').first().setInputFiles({ name: 'moi.png', mimeType: 'image/png', buffer: png });
      await submit(page, 'main form[action$="/photo"] button[type=submit]:not([name])', /^\/propositions\//);
      if ((await page.locator('main .fr-alert--success').count()) !== 1) problems.push('no message after the photo');
      problems.push(...(await audit(page, seen)));
      await go(org, `/organisation/evenements/${eventId}/programme`);
      await submit(org, '#interventions-a-placer form[action$="/a-placer/placer"] button[type=submit]', /\/programme\/element$/);
      problems.push(...(await audit(org, orgSeen)));
      await go(org, `/organisation/evenements/${eventId}/programme`);
      await org.fill('#nom-version', 'Programme');
      await org.locator('label[for=malgre-alertes]').click();
      await submit(org, 'main form[action$="/programme/publier"] button[type=submit]', /\/programme$/);
      problems.push(...(await page200(page, seen, callPath.replace(/\/appel$/, '/programme'))));
      await submit(page, `main a:has-text("${TITLE}")`, /\/programme\/\d+$/);
      problems.push(...(await audit(page, seen)));
      await submit(page, 'main dd a:has-text("Camille Agent")', /\/intervenants\/\d+$/);
      visited.push(new URL(page.url()).pathname);
      if ((await text(page, 'h1')) !== 'Camille Agent') problems.push(`speaker page h1: ${await text(page, 'h1')}`);
      if ((await page.locator('main img.ren-speaker-photo').count()) !== 1) problems.push('no photo on the speaker page');
      return [...problems, ...(await audit(page, seen))];
    });

    await context.close();
    await admin.close();
    await reviewerContext.close();

    await cspPass(browser, visited, (page) => login(page, email, password), go);
  } finally {
    await browser.close();
  }
}

runWithin(TOTAL_TIMEOUT_MS, main);
