#!/usr/bin/env node
// G1 G2: the organiser space in a real Chromium, as an organiser works in it.
//
//   EMAIL=admin@example.org PASSWORD=… node organiser.mjs BASE_URL
//
// Logs in, creates an event through the form (every main field), previews its Markdown
// description, saves it, uploads an image with its alt text, publishes it and finds it on the
// public site; visits the administrators' pages, creates, uses and revokes a check-in link
// (G5), invites a door volunteer and disables their account through the confirmation page,
// and logs out. On every organiser page: axe-core
// finds no WCAG 2.1 A/AA violation, html[lang=fr], exactly one h1, no inline script or style,
// no failed same-origin request. Then a pass with the Content-Security-Policy enforced.
//
// The structural and axe helpers are those of public.mjs. Prints one line per check and
// closes with "N passed, M failed"; exits 1 on any failure.

import { chromium } from 'playwright-core';
import { audit, check, errorFocus, CHROMIUM_ARGS, cspPass, finish, follow, h1Text, NAV_TIMEOUT_MS, report, runWithin, setup, visit, watch } from './audit.mjs';

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: EMAIL=… PASSWORD=… node organiser.mjs BASE_URL');
  process.exit(2);
}

setup(base);

const TOTAL_TIMEOUT_MS = 150_000;

const email = process.env.EMAIL || '';
const password = process.env.PASSWORD || '';
const IMAGE = new URL('../../assets/dsfr/favicon/apple-touch-icon.png', import.meta.url).pathname;
const TITLE = 'Atelier BlueHats dans le navigateur';
const ALT = 'Logo de la République française';

/** Fills and sends the login form; returns the path reached. */
async function login(page) {
  await visit(page, '/connexion');
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/organisation', { timeout: NAV_TIMEOUT_MS }), page.click('main button[type=submit]')]);
  return new URL(page.url()).pathname;
}

/** Clicks a submit button whose answer keeps the path (a page shown after a POST) and
 *  waits for it to load. */
async function submitInPlace(page, selector) {
  await Promise.all([page.waitForEvent('load', { timeout: NAV_TIMEOUT_MS }), page.locator(selector).first().click()]);
}

/** Clicks a submit button and waits for the page it leads to. */
async function submit(page, selector, pathPattern) {
  await Promise.all([
    page.waitForURL((u) => pathPattern.test(u.pathname), { timeout: NAV_TIMEOUT_MS, waitUntil: 'load' }),
    page.locator(selector).first().click(),
  ]);
  return new URL(page.url()).pathname;
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
    let editPath = null;
    let slug = null;

    await check('login page', async () => {
      const status = await visit(page, '/connexion');
      visited.push('/connexion');
      return [...(status === 200 ? [] : [`status ${status}`]), ...(await audit(page, seen))];
    });

    // Issue 15 (RGAA 11.10): a refused login puts the focus on its message.
    await check('login with a wrong password: the focus is on the refusal', async () => {
      await visit(page, '/connexion');
      await page.fill('#f-email', email);
      await page.fill('#f-password', 'pas le bon mot de passe');
      await submitInPlace(page, 'main button[type=submit]');
      return [...(await errorFocus(page)), ...(await audit(page, seen))];
    });

    await check('login → dashboard', async () => {
      const path = await login(page);
      return [...(path === '/organisation' ? [] : [`landed on ${path}`]), ...(await audit(page, seen))];
    });

    await check('new event form', async () => {
      await follow(page, 'main a[href="/organisation/evenements/nouveau"]', 'create link');
      return audit(page, seen);
    });

    await check('preview of the Markdown description', async () => {
      await page.fill('#f-title', TITLE);
      await page.selectOption('#f-kind', 'workshop');
      await page.fill('#f-summary', 'Une après-midi pour contribuer.');
      await page.fill('#f-body_md', '## Programme\n\n- **Accueil** à 14 h\n- Ateliers');
      await page.fill('#f-start_date', '2030-03-05');
      await page.fill('#f-start_time', '14:00');
      await page.fill('#f-end_time', '18:00');
      await page.fill('#f-venue_name', 'Lieu de la Transformation Publique');
      await page.fill('#f-venue_osm_url', 'https://osm.org/go/0BOdSvERD');
      await page.fill('#f-tags', 'bluehats, atelier');
      await submit(page, 'main button[value=preview]', /^\/organisation\/evenements$/);
      const problems = [];
      const strong = await page.locator('.ren-preview strong').first().textContent().catch(() => null);
      if (strong !== 'Accueil') problems.push(`preview shows ${JSON.stringify(strong)}, expected "Accueil"`);
      if ((await page.inputValue('#f-title')) !== TITLE) problems.push('the title was not kept');
      return [...problems, ...(await audit(page, seen))];
    });

    await check('save → edit page', async () => {
      editPath = await submit(page, 'main button[value=save]', /^\/organisation\/evenements\/\d+\/modifier$/);
      visited.push(editPath);
      slug = await page.inputValue('#f-slug');
      return audit(page, seen);
    });

    await check('image upload with alt text', async () => {
      await page.setInputFiles('#f-image', IMAGE);
      await page.fill('#f-alt', ALT);
      await submit(page, 'main form[enctype="multipart/form-data"] button[type=submit]', /\/modifier$/);
      const problems = [];
      const alt = await page.locator('main img.ren-thumb').getAttribute('alt').catch(() => null);
      if (alt !== ALT) problems.push(`image alt is ${JSON.stringify(alt)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('publish, and the page says so', async () => {
      const path = await submit(page, 'main form[action$="/publier"] button', /^\/organisation\/evenements\/\d+$/);
      visited.push(path);
      const problems = [];
      const said = ((await page.locator('#message-action').textContent().catch(() => '')) || '').trim();
      if (said !== 'Événement publié : il est visible sur le site.') problems.push(`the page says ${JSON.stringify(said)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    // D2 D3: the programme page, an import whose item falls outside the event's days (a
    // warning), a refused release, then a release with the override box.
    await check('programme: import, refused release, release with override', async () => {
      const problems = [];
      const path = await follow(page, 'main a:has-text("Programme")', 'programme link');
      visited.push(path);
      problems.push(...(await audit(page, seen)));
      await page.fill('#programme-yaml', 'rooms:\n  - { name: "Salle 1" }\nitems:\n  - { kind: talk, title: "Ouverture", start: "2001-01-01 09:00", minutes: 30, room: "Salle 1" }\n');
      await submit(page, 'main form[action$="/programme/importer"] button', /\/programme$/);
      if ((await page.locator('main li:has-text("en dehors des jours")').count()) !== 1) problems.push('no warning for the item outside the event');
      await page.fill('#nom-version', 'v1');
      await page.locator('main form[action$="/programme/publier"] button').click();
      await page.waitForLoadState('load');
      if ((await page.locator('main .fr-alert--error').count()) !== 1) problems.push('a warned release was not refused');
      problems.push(...(await audit(page, seen)));
      await page.fill('#nom-version', 'v1');
      await page.locator('label[for="malgre-alertes"]').click();
      await submit(page, 'main form[action$="/programme/publier"] button', /\/programme$/);
      const said = (await page.locator('#message-action').textContent()).trim();
      if (said !== 'Nouvelle version du programme publiée.') problems.push(`after release the page says ${JSON.stringify(said)}`);
      const released = (await page.locator('main p:not(#message-action p)').first().textContent()).trim();
      if (!released.startsWith('Publié Version publiée : « v1 »')) problems.push(`after release: ${JSON.stringify(released)}`);
      if ((await page.locator('#brouillon-a-jour').count()) !== 1) problems.push('the page does not say the draft is the published version');
      problems.push(...(await audit(page, seen)));
      return problems;
    });

    // D2: the grid: keyboard move (two rows down, Enter), then a drag onto another room.
    await check('programme grid: keyboard and drag moves', async () => {
      const problems = [];
      const path = editPath.replace(/\/modifier$/, '/programme/grille');
      const status = await visit(page, path);
      visited.push(path);
      if (status !== 200) problems.push(`status ${status}`);
      problems.push(...(await audit(page, seen)));
      const item = page.locator('.ren-grid-item').first();
      const id = await item.getAttribute('data-item');
      const before = await page.inputValue(`#deplacer-${id}-start`);
      await item.focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const said = (await page.locator('#annonce-grille').textContent({ timeout: 2_000 }).catch(() => '')) || '';
      await Promise.all([page.waitForURL(/fait=deplace/, { timeout: NAV_TIMEOUT_MS }), page.keyboard.press('Enter')]);
      const after = await page.inputValue(`#deplacer-${id}-start`);
      const m = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
      if (m(after) - m(before) !== 30) problems.push(`keyboard move: ${before} → ${after}, expected +30 min`);
      await page.waitForTimeout(100);
      if (!/Nouvelle place/.test(said) && !(await page.locator('#annonce-grille').count())) problems.push('no live announcement');
      const target = page.locator('td.ren-slot[data-time="16:00"]').first();
      if ((await target.count()) === 1) {
        // The URL after this move is the same as after the keyboard one: wait for the load.
        // HTML5 drag events with a real DataTransfer, as a mouse drag fires them.
        const dt = await page.evaluateHandle(() => new DataTransfer());
        await page.locator(`#grille-${id}`).dispatchEvent('dragstart', { dataTransfer: dt });
        await target.dispatchEvent('dragover', { dataTransfer: dt });
        await Promise.all([page.waitForEvent('load', { timeout: NAV_TIMEOUT_MS }), target.dispatchEvent('drop', { dataTransfer: dt })]);
        const dragged = await page.inputValue(`#deplacer-${id}-start`);
        if (dragged !== '16:00') problems.push(`drag move: start is ${dragged}, expected 16:00`);
      } else {
        problems.push('no free 16:00 slot to drop on');
      }
      problems.push(...(await audit(page, seen)));
      // Issue 19: a keyboard move onto an occupied slot is announced and needs a second Enter.
      // A second item, an hour before the first one in its room, to move onto.
      const first = page.locator(`#grille-${id}`);
      const [day, start, room] = [await first.getAttribute('data-date'), await first.getAttribute('data-start'), await first.getAttribute('data-room')];
      const hourBefore = `${String(Number(start.slice(0, 2)) - 1).padStart(2, '0')}:${start.slice(3, 5)}`;
      await page.fill('#ajout-title', 'Café');
      await page.selectOption('#ajout-date', day).catch(() => page.fill('#ajout-date', day));
      await page.fill('#ajout-start', hourBefore);
      await page.fill('#ajout-minutes', '30');
      await page.selectOption('#ajout-room', room);
      await Promise.all([page.waitForEvent('load', { timeout: NAV_TIMEOUT_MS }), page.locator('form[action$="/grille/ajouter"] button[type=submit]').click()]);
      const pair = await page.evaluate(() => {
        const all = Array.from(document.querySelectorAll('.ren-grid-item[data-item]'));
        const m = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
        for (const a of all) {
          for (const b of all) {
            if (a === b || a.dataset.date !== b.dataset.date) continue;
            const delta = m(b.dataset.start) - m(a.dataset.start);
            if (delta % 15 !== 0) continue;
            const select = document.querySelector(`#deplacer-${a.dataset.item}-room`) || document.querySelector(`form.ren-move[data-item="${a.dataset.item}"] select[name=room]`);
            if (!select) continue;
            const values = Array.from(select.options).map((o) => o.value);
            const rooms = values.indexOf(b.dataset.room) - values.indexOf(a.dataset.room);
            if (values.indexOf(b.dataset.room) < 0 || (delta === 0 && rooms === 0)) continue;
            return { a: a.dataset.item, steps: delta / 15, rooms, title: b.dataset.title };
          }
        }
        return null;
      });
      if (pair) {
        const url = page.url();
        await page.locator(`#grille-${pair.a}`).focus();
        for (let i = 0; i < Math.abs(pair.steps); i++) await page.keyboard.press(pair.steps > 0 ? 'ArrowDown' : 'ArrowUp');
        for (let i = 0; i < Math.abs(pair.rooms); i++) await page.keyboard.press(pair.rooms > 0 ? 'ArrowRight' : 'ArrowLeft');
        await page.keyboard.press('Enter');
        await page.waitForTimeout(200);
        const warned = ((await page.locator('#annonce-grille').textContent()) || '').trim();
        if (page.url() !== url) problems.push('a keyboard move onto an occupied slot was submitted at the first Enter');
        if (!warned.startsWith(`Place occupée par « ${pair.title} »`)) problems.push(`on an occupied slot the grid said ${JSON.stringify(warned)}`);
        await page.keyboard.press('Escape');
      } else {
        problems.push('no two items to test a move onto an occupied slot');
      }
      return problems;
    });

    // D1 G2 (issue 19): rooms, tracks and items edited through their own pages, without
    // JavaScript needed: a refused value comes back beside its field, a valid one is saved.
    await check('programme: rooms, tracks, an item and the unplaced list in their pages', async () => {
      const problems = [];
      const programme = editPath.replace(/\/modifier$/, '/programme');
      const pages = [];
      const open = async (path) => {
        const status = await visit(page, path);
        visited.push(path);
        pages.push(path);
        if (status !== 200) problems.push(`${path}: status ${status}`);
        problems.push(...(await audit(page, seen)));
      };
      await open(`${programme}/salles`);
      await page.fill('#f-name', 'Salle du navigateur');
      await page.fill('#f-opens', '12:00');
      await page.fill('#f-closes', '11:00');
      await submitInPlace(page, '#formulaire-salle button[type=submit]');
      const refused = ((await page.locator('#f-closes-error').textContent().catch(() => '')) || '').trim();
      if (refused !== "L'heure de fermeture de la salle précède son heure d'ouverture.") problems.push(`room hours refusal: ${JSON.stringify(refused)}`);
      problems.push(...(await audit(page, seen)));
      if ((await page.inputValue('#f-name')) !== 'Salle du navigateur') problems.push('the typed room name was lost');
      await page.fill('#f-capacity', '25');
      await page.fill('#f-opens', '');
      await page.fill('#f-closes', '');
      await submit(page, '#formulaire-salle button[type=submit]', /\/programme\/salles$/);
      const roomNotice = ((await page.locator('#message-action').textContent().catch(() => '')) || '').trim();
      if (roomNotice !== 'Salle ajoutée au brouillon du programme.') problems.push(`room notice: ${JSON.stringify(roomNotice)}`);
      problems.push(...(await audit(page, seen)));
      await open(`${programme}/themes`);
      await page.fill('#f-name', 'Communs');
      await submit(page, '#formulaire-theme button[type=submit]', /\/programme\/themes$/);
      if (!((await page.locator('#themes').textContent().catch(() => '')) || '').includes('Communs')) problems.push('track missing from its list');
      problems.push(...(await audit(page, seen)));
      await open(`${programme}/element`);
      await page.fill('#f-title', 'Atelier ajouté dans le navigateur');
      await page.fill('#f-start', '15:00');
      await page.fill('#f-minutes', '30');
      await page.selectOption('#f-room', { label: 'Salle du navigateur' });
      await page.selectOption('#f-track', { label: 'Communs' });
      await submit(page, '#formulaire-element button[type=submit]', /\/programme\/element$/);
      const itemNotice = ((await page.locator('#message-action').textContent().catch(() => '')) || '').trim();
      if (itemNotice !== 'Élément ajouté au brouillon du programme.') problems.push(`item notice: ${JSON.stringify(itemNotice)}`);
      const heading = await h1Text(page);
      if (!heading.startsWith('Modifier « Atelier ajouté dans le navigateur »')) problems.push(`item page h1: ${JSON.stringify(heading)}`);
      problems.push(...(await audit(page, seen)));
      await submit(page, 'main form[action$="/element/retirer"] button', /\/programme\/a-placer$/);
      if (!((await page.locator('#interventions-a-placer').textContent().catch(() => '')) || '').includes('Atelier ajouté dans le navigateur')) problems.push('item taken off the grid is not in the unplaced list');
      problems.push(...(await audit(page, seen)));
      await submit(page, '#interventions-a-placer form[action$="/a-placer/placer"] button[type=submit]', /\/programme\/element$/);
      problems.push(...(await audit(page, seen)));
      await open(`${programme}/a-placer`);
      return problems;
    });

    await check('registrations page: open 20 places', async () => {
      const path = editPath.replace(/\/modifier$/, '/inscriptions');
      const status = await visit(page, path);
      visited.push(path);
      await page.fill('#places', '20');
      await submit(page, 'main form[action$="/reglages"] button', /\/inscriptions$/);
      const problems = status === 200 ? [] : [`status ${status}`];
      const notice = await page.locator('main .fr-alert--success p').textContent().catch(() => null);
      if (notice !== 'Réglages enregistrés.') problems.push(`notice is ${JSON.stringify(notice)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    // B6 G5: the organiser's check-in page, then a check-in link for a volunteer without an
    // account: created, opened in a browser without session, revoked after the confirmation
    // page, and the French page of a link that no longer works.
    let linkPath = null;
    await check('check-in page of the organiser', async () => {
      const path = editPath.replace(/\/modifier$/, '/inscriptions/accueil');
      const status = await visit(page, path);
      visited.push(path);
      return [...(status === 200 ? [] : [`status ${status}`]), ...(await audit(page, seen))];
    });

    await check('check-in links: create one', async () => {
      const path = editPath.replace(/\/modifier$/, '/inscriptions/liens-accueil');
      const status = await visit(page, path);
      visited.push(path);
      const problems = status === 200 ? [] : [`status ${status}`];
      problems.push(...(await audit(page, seen)));
      await page.fill('#f-label', 'Camille, bénévole');
      await page.selectOption('#f-hours', '4');
      await submitInPlace(page, 'main form[action$="/liens-accueil"] button');
      const url = (await page.locator('#lien').textContent().catch(() => '')) || '';
      linkPath = url ? new URL(url).pathname : null;
      if (!linkPath || !/^\/accueil\/[0-9a-f]{64}$/.test(linkPath)) problems.push(`link shown is ${JSON.stringify(url)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('check-in link opens the desk without an account', async () => {
      const anonymous = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 390, height: 844 } });
      const door = await anonymous.newPage();
      const doorSeen = watch(door);
      const status = await visit(door, `${linkPath}?q=zz`);
      const problems = status === 200 ? [] : [`status ${status}`];
      problems.push(...(await audit(door, doorSeen)));
      await anonymous.close();
      return problems;
    });

    await check('check-in link: revoke after the confirmation page', async () => {
      await submitInPlace(page, 'main form[action$="/liens-accueil/retirer"] button');
      const problems = [];
      const heading = await h1Text(page);
      if (heading !== 'Retirer ce lien d’accueil ?') problems.push(`confirmation h1 is ${JSON.stringify(heading)}`);
      problems.push(...(await audit(page, seen)));
      await submit(page, 'main form button[type=submit]:has-text("Retirer le lien")', /\/liens-accueil$/);
      const notice = await page.locator('main .fr-alert--success p').textContent().catch(() => null);
      if (notice !== 'Le lien d’accueil est retiré : il ne fonctionne plus.') problems.push(`notice is ${JSON.stringify(notice)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    // I3: the event's webhooks page, and a URL to an internal address refused beside its field.
    await check('webhooks page: an internal address is refused beside the field', async () => {
      const path = editPath.replace(/\/modifier$/, '/webhooks');
      const status = await visit(page, path);
      visited.push(path);
      const problems = status === 200 ? [] : [`status ${status}`];
      problems.push(...(await audit(page, seen)));
      await page.fill('#f-url', 'https://10.0.0.1/webhooks');
      await page.click('label[for=f-type-1]');
      await submitInPlace(page, 'main form[action$="/webhooks"] button[type=submit]');
      const error = await page.locator('#f-url-error').textContent().catch(() => null);
      const wanted = 'Cette adresse mène à 10.0.0.1 (réseau privé) : seules les adresses publiques d’Internet sont acceptées.';
      if (error !== wanted) problems.push(`URL error is ${JSON.stringify(error)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('revoked check-in link: French page', async () => {
      const status = await visit(page, linkPath);
      const problems = status === 410 ? [] : [`status ${status}, expected 410`];
      const heading = await h1Text(page);
      if (heading !== 'Lien d’accueil expiré') problems.push(`h1 is ${JSON.stringify(heading)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('accounts: invite a door volunteer, disable them after confirmation', async () => {
      await visit(page, '/organisation/utilisateurs');
      await page.fill('#f-email', 'benevole@example.org');
      await page.selectOption('#f-role', 'check_in');
      await page.selectOption('#f-event', { index: 1 });
      await submit(page, 'main form[action="/organisation/utilisateurs"] button', /^\/organisation\/utilisateurs$/);
      const problems = [];
      problems.push(...(await audit(page, seen)));
      const row = page.locator('main tr', { hasText: 'benevole@example.org' });
      await submitInPlace(page, 'main tr:has-text("benevole@example.org") form[action$="/desactiver"] button');
      const heading = await h1Text(page);
      if (heading !== 'Désactiver ce compte ?') problems.push(`confirmation h1 is ${JSON.stringify(heading)}`);
      problems.push(...(await audit(page, seen)));
      await submit(page, 'main form button[type=submit]:has-text("Désactiver le compte")', /^\/organisation\/utilisateurs$/);
      if ((await row.locator('.fr-badge:has-text("Désactivé")').count()) !== 1) problems.push('the account is not shown disabled');
      return [...problems, ...(await audit(page, seen))];
    });

    await check('public registration form of the event', async () => {
      const status = await visit(page, `/evenements/${slug}/inscription`);
      const problems = status === 200 ? [] : [`status ${status}`];
      if ((await page.locator('main form input[name=email]').count()) !== 1) problems.push('no email field');
      return [...problems, ...(await audit(page, seen))];
    });

    await check('the published event on the public site', async () => {
      const status = await visit(page, `/evenements/${slug}`);
      const problems = status === 200 ? [] : [`status ${status}`];
      const h1 = await h1Text(page);
      if (h1 !== TITLE) problems.push(`h1 is ${JSON.stringify(h1)}`);
      const alt = await page.locator('main img').first().getAttribute('alt').catch(() => null);
      if (alt !== ALT) problems.push(`image alt is ${JSON.stringify(alt)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('gazette: write an issue and preview it (F1)', async () => {
      const status = await visit(page, '/organisation/gazette/numero');
      const problems = status === 200 ? [] : [`status ${status}`];
      await page.fill('#title', 'Gazette de la recette n°90');
      await page.fill('#number', '90');
      await page.fill('#body', '## 🧢 Les nouvelles\n\nUn **essai**. [Mon abonnement]({{ preferences_link }})');
      await page.locator('main button[value=apercu]').click();
      await page.waitForSelector('#apercu', { timeout: NAV_TIMEOUT_MS });
      const preview = await page.locator('#apercu strong').first().textContent().catch(() => null);
      if (preview !== 'essai') problems.push(`preview shows ${JSON.stringify(preview)}`);
      await submit(page, 'main button[value=enregistrer]', /\/organisation\/gazette\/numero$/);
      return [...problems, ...(await audit(page, seen))];
    });

    // I2: a token is made in the browser and shown once; a refused form says why beside the field.
    await check('API tokens: a refused form, then a token shown once (I2)', async () => {
      const status = await visit(page, '/organisation/jetons');
      visited.push('/organisation/jetons');
      const problems = status === 200 ? [] : [`status ${status}`];
      problems.push(...(await audit(page, seen)));
      await page.fill('#f-name', 'Tableur de la recette');
      await submitInPlace(page, 'main form[action="/organisation/jetons"] button[type=submit]');
      const error = await page.locator('#f-events-error').textContent().catch(() => null);
      if (error !== 'Cochez au moins un événement.') problems.push(`events error is ${JSON.stringify(error)}`);
      const kept = await page.inputValue('#f-name').catch(() => null);
      if (kept !== 'Tableur de la recette') problems.push(`name field kept ${JSON.stringify(kept)}`);
      problems.push(...(await audit(page, seen)));
      await page.locator('main label[for^="f-event-"]').first().click();
      await submitInPlace(page, 'main form[action="/organisation/jetons"] button[type=submit]');
      const secret = await page.locator('#jeton').textContent().catch(() => null);
      if (!secret || !/^rct_[0-9a-f]{64}$/.test(secret)) problems.push(`token is ${JSON.stringify(secret)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    for (const [name, path] of [
      ['gazette page of the organiser space (F1)', '/organisation/gazette'],
      ['dashboard with the event', '/organisation'],
      ['accounts page', '/organisation/utilisateurs'],
      ['audit log page', '/organisation/journal'],
      ['import doubts page', '/organisation/import/doutes'],
      ['mail queue page', '/organisation/file-courriels'],
      ['site-wide webhooks page (I3)', '/organisation/webhooks'],
      ['RGAA criteria the tests check (issue 15)', '/organisation/accessibilite'],
      ['forgotten password page', '/mot-de-passe-oublie'],
    ]) {
      await check(name, async () => {
        const status = await visit(page, path);
        visited.push(path);
        return [...(status === 200 ? [] : [`status ${status}`]), ...(await audit(page, seen))];
      });
    }

    await check('form errors are shown next to the fields', async () => {
      await visit(page, editPath);
      await page.fill('#f-title', '');
      await page.evaluate(() => document.getElementById('f-title').removeAttribute('required'));
      await submit(page, 'main button[value=save]', /\/modifier$/);
      const problems = [];
      const error = await page.locator('#f-title-error').textContent().catch(() => null);
      if (error !== 'Le titre est obligatoire.') problems.push(`title error is ${JSON.stringify(error)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    // Issue 19: « Supprimer » asks first, says what would go, and offers to cancel instead.
    await check('delete asks first and offers to cancel the event instead', async () => {
      await visit(page, editPath);
      await submitInPlace(page, 'main form[action$="/supprimer"] button');
      const problems = [];
      const heading = await h1Text(page);
      if (heading !== `Supprimer « ${TITLE} » ?`) problems.push(`confirmation h1 is ${JSON.stringify(heading)}`);
      problems.push(...(await audit(page, seen)));
      await submit(page, 'main form button[type=submit]:has-text("Annuler l’événement et prévenir")', /\/modifier$/);
      const notice = await page.locator('main .fr-alert--info p').first().textContent().catch(() => null);
      if (!notice || !notice.startsWith('Événement annulé')) problems.push(`notice is ${JSON.stringify(notice)}`);
      problems.push(...(await audit(page, seen)));
      const status = await visit(page, `/evenements/${slug}`);
      if (status !== 200) problems.push(`public page status ${status}`);
      const alert = await page.locator('main .fr-alert__title').textContent().catch(() => null);
      if (alert !== 'Événement annulé') problems.push(`public alert is ${JSON.stringify(alert)}`);
      return [...problems, ...(await audit(page, seen))];
    });

    await check('logout', async () => {
      await visit(page, '/organisation');
      const path = await submit(page, 'main form[action="/deconnexion"] button', /^\/connexion$/);
      return [...(path === '/connexion' ? [] : [`landed on ${path}`]), ...(await audit(page, seen))];
    });
    await context.close();

    await cspPass(browser, visited, login);
  } finally {
    await browser.close();
  }
}

runWithin(TOTAL_TIMEOUT_MS, main);
