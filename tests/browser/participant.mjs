#!/usr/bin/env node
// B1 B3 B4 B5 B6 G3: registering in a real Chromium, with mail read from a real SMTP server.
//
//   EMAIL=… PASSWORD=… SMTP_DIR=… READ_MAIL=…/read_mail.py node participant.mjs BASE_URL
//
// An organiser leaves one free place at the demo event that takes registrations and adds a
// question shown only after a given answer. Then two people register in their own
// browsers; each confirms the address with the link the SMTP server received. The first gets
// the place, the second the waitlist; the first cancels from their private page, and the
// second receives the offer by mail (with the link of the confirmation mail), opens it and
// accepts; the first asks for their link again. The organiser's selection,
// invitation, mail and check-in pages are visited too. axe-core and the structural checks of
// audit.mjs run on every page, the dead-link page of the erased registration too; the run
// ends with a pass with the CSP enforced.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { errorFocus, audit, check, CHROMIUM_ARGS, cspPass, finish, NAV_TIMEOUT_MS, report, runWithin, setup, visit, watch } from './audit.mjs';

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base) || !process.env.SMTP_DIR || !process.env.READ_MAIL) {
  console.error('usage: EMAIL=… PASSWORD=… SMTP_DIR=… READ_MAIL=… node participant.mjs BASE_URL');
  process.exit(2);
}
setup(base);

const TOTAL_TIMEOUT_MS = 180_000;
const PYTHON = process.env.PYTHON || 'python3';

/** The mails the SMTP server received, decoded by read_mail.py. */
function mails() {
  return JSON.parse(execFileSync(PYTHON, [process.env.READ_MAIL, process.env.SMTP_DIR], { encoding: 'utf8' }));
}

/** Waits for a mail to `to` whose subject starts with `subject`; returns its private link path. */
async function linkFrom(to, subject) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const m = mails().reverse().find((x) => x.rcpt_tos.includes(to) && x.subject.startsWith(subject));
    if (m) {
      const match = /https?:\/\/[^\s]+?(\/inscription\/[0-9a-f]{64})/.exec(m.text);
      if (!match) throw new Error(`no private link in the mail "${m.subject}"`);
      return match[1];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail "${subject}…" to ${to} within 15 s`);
}

async function submit(page, selector, pathPattern) {
  await Promise.all([
    page.waitForURL((u) => pathPattern.test(u.pathname), { timeout: NAV_TIMEOUT_MS, waitUntil: 'load' }),
    page.locator(selector).first().click(),
  ]);
  return new URL(page.url()).pathname;
}

async function badge(page) {
  return ((await page.locator('#etat').textContent().catch(() => '')) || '').trim();
}

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 15_000 });
  const visited = [];
  let slug = null;
  let eventPath = null;
  let questionField = null;
  try {
    const orgContext = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
    const org = await orgContext.newPage();
    const orgSeen = watch(org);

    await check('organiser: one place and a conditional question', async () => {
      await visit(org, '/connexion');
      await org.fill('#f-email', process.env.EMAIL);
      await org.fill('#f-password', process.env.PASSWORD);
      await submit(org, 'main button[type=submit]', /^\/organisation$/);
      // The demo event that takes registrations is the one whose public page has the button.
      await visit(org, '/evenements');
      const hrefs = await org.locator('main .fr-card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const href of hrefs) {
        await visit(org, href);
        if ((await org.locator(`main a[href="${href}/inscription"]`).count()) > 0) {
          slug = href.split('/').pop();
          break;
        }
      }
      if (!slug) return ['no demo event takes registrations'];
      const title = (await org.locator('h1').first().textContent()).trim();
      await visit(org, '/organisation');
      const link = org.locator('main a', { hasText: title }).first();
      eventPath = await link.getAttribute('href');
      await visit(org, `${eventPath}/inscriptions`);
      visited.push(`${eventPath}/inscriptions`);
      // One place more than those already held (the demo board has its participants).
      const taken = Number((await org.locator('#places-prises').textContent()).trim());
      await org.fill('#places', String(taken + 1));
      await submit(org, 'main form[action$="/reglages"] button', /\/inscriptions$/);
      const problems = [];
      if ((await org.locator('#places').inputValue()) !== String(taken + 1)) problems.push('places not saved');
      await org.locator('#questions ~ details summary').first().click();
      await org.fill('#questions-label', 'Venez-vous avec un projet ?');
      await org.selectOption('#questions-kind', 'yes_no');
      await submit(org, 'main form[action$="/inscriptions/questions"] button', /\/inscriptions$/);
      await org.locator('#questions ~ details summary').first().click();
      await org.fill('#questions-label', 'Quel dépôt ?');
      await org.selectOption('#questions-kind', 'short_text');
      await org.locator('#questions-required').check({ force: true });
      const first = await org.locator('#questions-show-if option').nth(1).getAttribute('value');
      await org.selectOption('#questions-show-if', first);
      await org.fill('#questions-show-value', 'oui');
      await submit(org, 'main form[action$="/inscriptions/questions"] button', /\/inscriptions$/);
      const listed = await org.locator('main ol li').count();
      if (listed !== 2) problems.push(`${listed} questions listed, expected 2`);
      return [...problems, ...(await audit(org, orgSeen))];
    });

    // Each person has a browser of their own (own cookies, as two people would).
    const people = {};
    for (const who of ['ana', 'ben']) {
      const ctx = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 390, height: 844 } });
      const page = await ctx.newPage();
      people[who] = { ctx, page, seen: watch(page), email: `${who}@exemple.gouv.fr` };
    }

    await check('the form hides the dependent question until the answer shows it', async () => {
      const { page, seen } = people.ana;
      await visit(page, `/evenements/${slug}/inscription`);
      visited.push(`/evenements/${slug}/inscription`);
      const problems = [];
      const dependent = page.locator('[data-show-if]').first();
      questionField = await dependent.getAttribute('data-question');
      if (await dependent.isVisible()) problems.push('the dependent question is visible before the answer');
      await page.locator('[data-question]:not([data-show-if]) label:has-text("Oui")').click();
      if (!(await dependent.isVisible())) problems.push('the dependent question stays hidden after "oui"');
      return [...problems, ...(await audit(page, seen))];
    });

    await check('a missing answer is reported next to the question, input kept', async () => {
      const { page, seen, email } = people.ana;
      await page.fill('#name', 'Ana Lopes');
      await page.fill('#email', email);
      await page.selectOption('#status', 'public_agent');
      await submit(page, 'main form button[type=submit]', /\/inscription$/);
      const problems = [];
      if ((await page.locator(`#${questionField}-erreur`).count()) !== 1) problems.push('no error next to the dependent question');
      if ((await page.inputValue('#name')) !== 'Ana Lopes') problems.push('the name was not kept');
      return [...problems, ...(await errorFocus(page)), ...(await audit(page, seen))];
    });

    for (const who of ['ana', 'ben']) {
      await check(`${who} registers and confirms the address from the mail`, async () => {
        const { page, seen, email } = people[who];
        const problems = [];
        if (who === 'ana') {
          await page.fill(`#${questionField}`, 'https://code.gouv.fr/exemple');
        } else {
          await visit(page, `/evenements/${slug}/inscription`);
          await page.fill('#name', 'Ben Martin');
          await page.fill('#email', email);
          await page.selectOption('#status', 'contractor');
          await page.locator('[data-question]:not([data-show-if]) label:has-text("Non")').click();
        }
        if ((await page.locator('#consent').count()) > 0 && !(await page.locator('#consent').isChecked())) {
          await page.locator('label[for=consent]').click();
        }
        try {
          await submit(page, 'main form button[type=submit]', /\/inscription\/envoyee$/);
        } catch (e) {
          const errors = await page.locator('main .fr-error-text, main .fr-message--error, main .fr-alert--error p').allTextContents();
          throw new Error(`the form was not accepted: ${errors.join(' / ') || e.message}`);
        }
        problems.push(...(await audit(page, seen)));
        const link = await linkFrom(email, 'Confirmez votre adresse');
        await visit(page, link);
        problems.push(...(await audit(page, seen)));
        await submit(page, 'main form[action$="/confirmer"] button', /^\/inscription\//);
        const want = who === 'ana' ? 'Inscription confirmée' : "Sur liste d'attente";
        if ((await badge(page)) !== want) problems.push(`${who} is "${await badge(page)}", expected "${want}"`);
        people[who].link = link;
        return [...problems, ...(await audit(page, seen))];
      });
    }

    await check('ana cancels: the place is offered to ben by mail, who accepts it', async () => {
      const problems = [];
      const ana = people.ana;
      await visit(ana.page, ana.link);
      // Issue 19: the first click asks, on a page of its own; the second cancels.
      await submit(ana.page, 'main form[action$="/annuler"] button', /\/annuler$/);
      if ((await ana.page.locator('h1').textContent()).trim() !== 'Annuler votre inscription ?') problems.push('no confirmation page before cancelling');
      problems.push(...(await audit(ana.page, ana.seen)));
      await submit(ana.page, 'main form[action$="/annuler"] button', /^\/inscription\/[^/]+$/);
      if ((await badge(ana.page)) !== 'Annulée') problems.push(`ana is "${await badge(ana.page)}" after cancelling`);
      problems.push(...(await audit(ana.page, ana.seen)));
      const ben = people.ben;
      const offer = await linkFrom(ben.email, 'Une place s');
      // B4: one link for the registration's whole life: the offer carries the first one.
      if (offer !== ben.link) problems.push('the offer mail carries another link than the confirmation mail');
      await visit(ben.page, offer);
      if ((await badge(ben.page)) !== 'Place proposée') problems.push(`ben is "${await badge(ben.page)}" on the offer`);
      problems.push(...(await audit(ben.page, ben.seen)));
      await submit(ben.page, 'main form[action$="/accepter"] button', /^\/inscription\//);
      if ((await badge(ben.page)) !== 'Inscription confirmée') problems.push(`ben is "${await badge(ben.page)}" after accepting`);
      visited.push(offer);
      return [...problems, ...(await audit(ben.page, ben.seen))];
    });

    await check('a lost link is mailed again, the same link as before', async () => {
      const ana = people.ana;
      const problems = [];
      await visit(ana.page, `/evenements/${slug}/inscription`);
      await submit(ana.page, `main a[href$="/inscription/lien"]`, /\/inscription\/lien$/);
      visited.push(`/evenements/${slug}/inscription/lien`);
      problems.push(...(await audit(ana.page, ana.seen)));
      await ana.page.fill('#email', ana.email);
      await submit(ana.page, 'main form button[type=submit]', /\/inscription\/lien$/);
      if ((await ana.page.locator('#lien-envoye').count()) !== 1) problems.push('no answer after asking for the link');
      problems.push(...(await audit(ana.page, ana.seen)));
      const again = await linkFrom(ana.email, 'Votre inscription à');
      if (again !== ana.link) problems.push('the link mailed again differs from the first one');
      return problems;
    });

    for (const [name, suffix] of [
      ['selection page', '/inscriptions/selection'],
      ['invitations page', '/inscriptions/invitations'],
      ['mail wording page', '/courriels?type=registration_offer'],
      ['messages to participants page (F2)', '/messages'],
      ['check-in page with a search', '/inscriptions/accueil?q=ben'],
    ]) {
      await check(`organiser: ${name}`, async () => {
        const status = await visit(org, `${eventPath}${suffix}`);
        visited.push(`${eventPath}${suffix}`);
        const problems = status === 200 ? [] : [`status ${status}`];
        if (suffix.includes('accueil') && (await org.locator('main button:has-text("Pointer Ben Martin")').count()) !== 1) problems.push('ben is not found at the door');
        return [...problems, ...(await audit(org, orgSeen))];
      });
    }

    // Issue 19 (B6): the door list to print, the list narrowed as one types, a check-in by
    // the code of the confirmation mail, and a walk-in at the desk.
    await check('the door list to print has the answers and a signature column', async () => {
      const status = await visit(org, `${eventPath}/inscriptions/emargement`);
      visited.push(`${eventPath}/inscriptions/emargement`);
      const problems = status === 200 ? [] : [`status ${status}`];
      const heads = (await org.locator('main table thead th').allTextContents()).map((t) => t.trim());
      if (heads[heads.length - 1] !== 'Signature') problems.push(`last column is ${JSON.stringify(heads[heads.length - 1])}`);
      if (heads.length < 4) problems.push(`no question column: ${JSON.stringify(heads)}`);
      if ((await org.locator('main tbody th', { hasText: 'Ben Martin' }).count()) !== 1) problems.push('ben is not on the list');
      return [...problems, ...(await audit(org, orgSeen))];
    });

    await check('the check-in page lists everyone and narrows the list as one types', async () => {
      await visit(org, `${eventPath}/inscriptions/accueil`);
      const problems = [];
      const before = await org.locator('#resultats li[data-search]:visible').count();
      if (before < 1) problems.push('nobody is listed before any search');
      await org.fill('#q', 'zzzz');
      await org.waitForFunction(() => document.querySelectorAll('#resultats li[data-search]:not([hidden])').length === 0);
      await org.fill('#q', 'martin');
      await org.waitForFunction(() => document.querySelectorAll('#resultats li[data-search]:not([hidden])').length === 1);
      const count = (await org.locator('#compte-resultats').textContent()).trim();
      if (!count.startsWith('1 personne')) problems.push(`the count says ${JSON.stringify(count)}`);
      return [...problems, ...(await audit(org, orgSeen))];
    });

    await check('the code of the confirmation finds ben at the desk, who is checked in', async () => {
      const ben = people.ben;
      await visit(ben.page, ben.link);
      const problems = [];
      const code = ((await ben.page.locator('#code-accueil strong').textContent()) || '').trim();
      if (!/^\d+-[0-9A-Z]{6}$/.test(code)) problems.push(`ben's page shows the code ${JSON.stringify(code)}`);
      if ((await ben.page.locator('#code-accueil [role=img] svg').count()) !== 1) problems.push('no QR code on ben\'s page');
      problems.push(...(await audit(ben.page, ben.seen)));
      await visit(org, `${eventPath}/inscriptions/accueil`);
      await org.fill('#code', code.toLowerCase());
      await submit(org, '#code-form button[type=submit]', /\/inscriptions\/accueil$/);
      const buttons = await org.locator('#resultats button').allTextContents();
      if (buttons.length !== 1 || !buttons[0].includes('Ben Martin')) problems.push(`the code shows ${JSON.stringify(buttons)}`);
      problems.push(...(await audit(org, orgSeen)));
      await submit(org, 'main button:has-text("Pointer Ben Martin")', /\/inscriptions\/accueil$/);
      if ((await org.locator('main .fr-alert--success').count()) !== 1) problems.push('no success message after the check-in');
      return [...problems, ...(await audit(org, orgSeen))];
    });

    await check('organiser adds a walk-in at the desk', async () => {
      await visit(org, `${eventPath}/inscriptions/accueil`);
      await org.locator('#sur-place summary').click();
      await org.fill('#sur-place-nom', 'Chloé Venue');
      await org.fill('#sur-place-adresse', 'chloe@example.org');
      await submit(org, '#sur-place button[type=submit]', /\/inscriptions\/accueil$/);
      const problems = [];
      const alert = ((await org.locator('main .fr-alert p').first().textContent()) || '').trim();
      if (alert !== 'Personne ajoutée sur place et pointée présente.') problems.push(`the desk says ${JSON.stringify(alert)}`);
      if ((await org.locator('main li', { hasText: 'Chloé Venue' }).locator('.fr-badge--success').count()) !== 1) problems.push('chloé is not listed present');
      return [...problems, ...(await audit(org, orgSeen))];
    });

    await check('organiser: a mail preview', async () => {
      await visit(org, `${eventPath}/courriels?type=registration_offer`);
      await submit(org, 'main button[value=apercu]', /\/courriels$/);
      const problems = [];
      if ((await org.locator('#apercu').count()) !== 1) problems.push('no preview');
      return [...problems, ...(await audit(org, orgSeen))];
    });
    // F2: a message to the people holding a place, previewed, then its errors beside the fields.
    await check('organiser: a message to participants, previewed and refused without text', async () => {
      await visit(org, `${eventPath}/messages`);
      await org.fill('#f-subject', 'Informations pratiques');
      await org.fill('#f-body', 'Apportez **votre ordinateur**.');
      await Promise.all([org.waitForEvent('load', { timeout: NAV_TIMEOUT_MS }), org.locator('main button[value=apercu]').click()]);
      const problems = [];
      if ((await org.locator('#apercu strong').count()) !== 1) problems.push('no preview');
      problems.push(...(await audit(org, orgSeen)));
      await org.fill('#f-body', '');
      await Promise.all([org.waitForEvent('load', { timeout: NAV_TIMEOUT_MS }), org.locator('main button[value=envoyer]').click()]);
      if ((await org.locator('#f-body-error').count()) !== 1) problems.push('no error beside the text');
      if ((await org.inputValue('#f-subject')) !== 'Informations pratiques') problems.push('the subject was lost');
      return [...problems, ...(await audit(org, orgSeen))];
    });
    // B5 B7: the follow-up survey reaches ben, who answers it, then erases his data.
    await check('survey answered through the private link, then data erased', async () => {
      const problems = [];
      await visit(org, `${eventPath}/inscriptions`);
      await org.locator('#questionnaire ~ details summary').first().click();
      await org.fill('#questionnaire-label', 'Qu’attendez-vous de ces deux jours ?');
      await org.selectOption('#questionnaire-kind', 'long_text');
      await submit(org, '#questionnaire ~ details form[action$="/inscriptions/questions"] button[type=submit]', /\/inscriptions$/);
      await submit(org, 'main form[action$="/questionnaire/envoyer"] button', /\/inscriptions$/);
      const ben = people.ben;
      const link = await linkFrom(ben.email, 'Quelques questions');
      await visit(ben.page, `${link}/questionnaire`);
      visited.push(`${link}/questionnaire`);
      problems.push(...(await audit(ben.page, ben.seen)));
      await ben.page.locator('main textarea').first().fill('Avancer sur notre dépôt avec de l’aide.');
      await submit(ben.page, 'main form button[type=submit]', /\/questionnaire$/);
      if ((await ben.page.locator('main .fr-alert--success').count()) !== 1) problems.push('the answers were not saved');
      problems.push(...(await audit(ben.page, ben.seen)));
      await visit(ben.page, link);
      await submit(ben.page, 'main form[action$="/effacer"] button', /\/effacer$/);
      if ((await ben.page.locator('h1').textContent()).trim() !== 'Effacer vos données ?') problems.push('no confirmation page before erasing');
      problems.push(...(await audit(ben.page, ben.seen)));
      // The confirmation posts to the same address: wait for the page it answers with.
      await Promise.all([
        ben.page.locator('h1', { hasText: 'Vos données sont effacées' }).waitFor({ timeout: NAV_TIMEOUT_MS }),
        ben.page.locator('main form[action$="/effacer"] button').first().click(),
      ]);
      if ((await ben.page.locator('h1').textContent()).trim() !== 'Vos données sont effacées') problems.push('no erasure page');
      problems.push(...(await audit(ben.page, ben.seen)));
      return problems;
    });

    // B4: the erased registration's link is dead: the page says why and offers the form.
    await check('a dead link explains itself and offers to mail the current link', async () => {
      const ben = people.ben;
      const problems = [];
      const status = await visit(ben.page, ben.link);
      visited.push(ben.link);
      if (status !== 404) problems.push(`status ${status}, expected 404`);
      if ((await ben.page.locator('h1').textContent()).trim() !== 'Ce lien n’est plus valide') problems.push('not the dead-link page');
      problems.push(...(await audit(ben.page, ben.seen)));
      await ben.page.fill('#email', ben.email);
      await submit(ben.page, 'main form button[type=submit]', /^\/inscription\/lien$/);
      if ((await ben.page.locator('#lien-envoye').count()) !== 1) problems.push('no answer after asking for the links');
      visited.push('/inscription/lien');
      problems.push(...(await audit(ben.page, ben.seen)));
      return problems;
    });

    // H2: the main participant pages in English, with the same checks: the form, its errors
    // beside the fields (focus on the summary), and a private page of a registration.
    await check('in English: the form, its errors beside the fields, and a private page', async () => {
      const ctx = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport: { width: 390, height: 844 } });
      const page = await ctx.newPage();
      const seen = watch(page);
      const problems = [];
      await visit(page, `/evenements/${slug}/inscription?lang=en`);
      visited.push(`/evenements/${slug}/inscription?lang=en`);
      if ((await page.getAttribute('html', 'lang')) !== 'en') problems.push('the form is not in English');
      if ((await page.locator('h1').textContent()).trim() !== 'Register') problems.push('the heading is not English');
      problems.push(...(await audit(page, seen)));
      await submit(page, 'main form button[type=submit]', /\/inscription$/);
      const error = ((await page.locator('#name-erreur').textContent().catch(() => '')) || '').trim();
      if (error !== 'The name is required.') problems.push(`the error beside the name is "${error}"`);
      problems.push(...(await errorFocus(page)), ...(await audit(page, seen)));
      await visit(page, people.ana.link);
      if ((await page.locator('h1').textContent()).trim() !== 'My registration') problems.push('the private page is not in English');
      problems.push(...(await audit(page, seen)));
      await ctx.close();
      return problems;
    });

    await orgContext.close();
    for (const p of Object.values(people)) await p.ctx.close();

    await cspPass(browser, visited, async (page) => {
      await visit(page, '/connexion');
      await page.fill('#f-email', process.env.EMAIL);
      await page.fill('#f-password', process.env.PASSWORD);
      await submit(page, 'main button[type=submit]', /^\/organisation$/);
    });
  } finally {
    await browser.close();
  }
}

runWithin(TOTAL_TIMEOUT_MS, main);
