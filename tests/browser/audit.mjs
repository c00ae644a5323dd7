// A2 D3 G2: the checks every browser walk runs, shared by public.mjs, programme.mjs and
// organiser.mjs. Issue 15: `audit` also runs the RGAA checks beyond axe (`rgaa`), keeps the
// served HTML for one vnu run at the end, and `finish` writes the walk's evidence.
//
// `setup(base)` must be called once before the helpers that need the site's origin.

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const NAV_TIMEOUT_MS = 10_000;

let base = '';
let origin = '';

/** Remembers the site under test. */
export function setup(baseUrl) {
  base = baseUrl;
  origin = new URL(baseUrl).origin;
}

let passed = 0;
let failed = 0;

/** Records one named check; `problems` is a list of strings, empty when the check holds. */
export function report(name, problems) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name}`);
    for (const p of problems) console.log(`    ${p}`);
  }
}

/** Runs `fn` as one check: a thrown error is a failure of that check, not of the run. */
export async function check(name, fn) {
  try {
    report(name, (await fn()) || []);
  } catch (e) {
    report(name, [String(e && e.message ? e.message.split('\n')[0] : e)]);
  }
}

export function finish() {
  validateHtml();
  writeEvidence();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/** Watches a page for script errors and failed same-origin requests, kept per page. */
export function watch(page) {
  const seen = { errors: [], failedRequests: [], urls: [] };
  page.on('pageerror', (e) => seen.errors.push(`script error: ${e.message.split('\n')[0]}`));
  page.on('response', (r) => {
    const url = r.url();
    seen.urls.push(url);
    if (r.request().resourceType() === 'document' && r.request().frame() === page.mainFrame()) seen.document = r;
    // The document itself may be a 404 on purpose; its sub-resources may not.
    if (url.startsWith(origin) && r.status() >= 400 && r.request().resourceType() !== 'document') {
      seen.failedRequests.push(`${r.status()} ${url.slice(origin.length)}`);
    }
  });
  page.on('requestfailed', (r) => {
    // A sub-resource still loading when the test navigates away is aborted by the browser
    // (net::ERR_ABORTED): that is the navigation, not a failure of the server.
    const why = (r.failure() && r.failure().errorText) || '';
    if (r.url().startsWith(origin) && !why.includes('ERR_ABORTED')) seen.failedRequests.push(`failed ${r.url().slice(origin.length)} (${why})`);
  });
  return seen;
}

/** The structural checks every public page must pass. */
export async function structure(page) {
  return page.evaluate(() => {
    const problems = [];
    const lang = document.documentElement.getAttribute('lang');
    // H2: the language the selector marks as current (French where there is no selector).
    const current = document.querySelector('.fr-translate [aria-current="true"][hreflang]');
    // The projector view has no selector: the language asked for in the address, then French.
    const chosen = (current && current.getAttribute('hreflang')) || new URL(location.href).searchParams.get('lang') || 'fr';
    if (lang !== chosen) problems.push(`html[lang] is ${JSON.stringify(lang)}, expected "${chosen}"`);
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(`${h1} h1 elements, expected 1`);
    const skip = document.querySelector('.fr-skiplinks a[href="#contenu"]');
    if (!skip) problems.push('no skip link to #contenu');
    const main = document.getElementById('contenu');
    if (!main || main.tagName !== 'MAIN') problems.push('#contenu is not the <main> element');
    for (const a of document.querySelectorAll('.fr-skiplinks a[href^="#"]')) {
      if (!document.getElementById(a.getAttribute('href').slice(1))) {
        problems.push(`skip link ${a.getAttribute('href')} has no target`);
      }
    }
    if (!/ — /.test(document.title)) problems.push(`title ${JSON.stringify(document.title)} lacks "page — site"`);
    if (!document.querySelector('link[rel="alternate"][type="application/atom+xml"][href="/flux.atom"]')) {
      problems.push('no <link rel="alternate"> to the Atom feed');
    }
    // DSFR's table script sets custom properties (`--table-offset`) through the CSSOM, which
    // the CSP allows; any other style attribute came from markup, which it forbids (and which
    // the CSP pass would report too).
    const styled = [...document.querySelectorAll('[style]')].filter((el) =>
      el.getAttribute('style').split(';').some((d) => d.trim() && !d.trim().startsWith('--')),
    );
    if (styled.length > 0) problems.push('a style= attribute (forbidden by the CSP)');
    if (document.querySelector('script:not([src])')) problems.push('an inline <script> (forbidden by the CSP)');
    return problems;
  });
}

/** Injects axe-core and returns its WCAG 2.1 A/AA violations as readable lines. */
export async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    // axe cannot judge text over a background image, which every DSFR button has (a
    // transparent gradient for the hover tint): judge those by their background colour.
    const rgb = (css) => {
      const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css);
      return m ? { c: [m[1], m[2], m[3]].map(Number), a: m[4] === undefined ? 1 : Number(m[4]) } : null;
    };
    const luminance = ({ c }) => {
      const [r, g, b] = c.map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const bg = rgb(getComputedStyle(e).backgroundColor);
        if (bg && bg.a === 1) return bg;
      }
      return { c: [255, 255, 255], a: 1 };
    };
    const unjudged = result.incomplete
      .filter((v) => v.id === 'color-contrast')
      .map((v) => ({
        id: 'color-contrast-over-image',
        impact: 'serious',
        help: 'Text over a background image must contrast with the background colour (4.5:1, 3:1 when large)',
        nodes: v.nodes.filter((n) => {
          const data = n.any.map((c) => c.data || {}).find((d) => d.messageKey) || {};
          if (!['bgImage', 'equalRatio'].includes(data.messageKey)) return false;
          const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
          const fg = el && rgb(getComputedStyle(el).color);
          if (!fg) return false;
          const [hi, lo] = [luminance(fg), luminance(background(el))].sort((a, b) => b - a);
          const ratio = (hi + 0.05) / (lo + 0.05);
          const needed = parseFloat(data.expectedContrastRatio) || 4.5;
          return ratio < needed;
        }),
      }))
      .filter((v) => v.nodes.length > 0);
    return [...result.violations, ...unjudged].map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      more: Math.max(0, v.nodes.length - 5),
    }));
  }, AXE_TAGS);
  return violations.map(
    (v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.targets.join(' | ')}${v.more ? ` (+${v.more})` : ''}`,
  );
}

/** Every check of one loaded page: structure, axe, and what the watcher saw while loading it. */
export async function audit(page, seen, expectSection) {
  lastMethod = seen.document ? seen.document.request().method() : 'GET';
  const problems = [...(await structure(page)), ...(await axe(page)), ...(await rgaa(page))];
  note('axe', page, problems.some((p) => p.startsWith('axe ')));
  if (expectSection) {
    const current = await page.$$eval('#navigation-principale a[aria-current]', (as) =>
      as.map((a) => a.getAttribute('href')),
    );
    if (current.length !== 1 || current[0] !== expectSection) {
      problems.push(`navigation marks ${JSON.stringify(current)} as current, expected ["${expectSection}"]`);
    }
  }
  await keepHtml(page, seen);
  problems.push(...seen.errors, ...seen.failedRequests);
  seen.errors.length = 0;
  seen.failedRequests.length = 0;
  return problems;
}

/** Loads a path and returns the HTTP status of the document. */
export async function visit(page, path) {
  const response = await page.goto(base + path, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
  return response ? response.status() : 0;
}

/** Clicks a same-origin link and waits until its page is loaded; returns the path reached.
 *  `selectors` is one selector or a list tried in order of preference. */
export async function follow(page, selectors, what) {
  const list = Array.isArray(selectors) ? selectors : [selectors];
  let link = null;
  for (const selector of list) {
    const candidate = page.locator(selector).first();
    if ((await candidate.count()) > 0) {
      link = candidate;
      break;
    }
  }
  if (!link) throw new Error(`no ${what} to click (${list.join(' or ')})`);
  const href = await link.getAttribute('href');
  const target = new URL(href, page.url());
  await Promise.all([
    page.waitForURL((u) => u.pathname === target.pathname, { timeout: NAV_TIMEOUT_MS, waitUntil: 'load' }),
    link.click(),
  ]);
  return target.pathname;
}

/** The text of the page's h1, to say where a click landed. */
export async function h1Text(page) {
  return (await page.locator('h1').first().textContent({ timeout: 2_000 })).trim();
}


/** The last pass of every walk: a browser context with the Content-Security-Policy enforced
 *  (axe needs it bypassed in the others) signs in with `signIn(page)` when given, then
 *  loads every path with `go`; the browser must log no CSP violation. */
export async function cspPass(browser, paths, signIn = null, go = visit) {
  const strict = await browser.newContext({ locale: 'fr-FR' });
  const page = await strict.newPage();
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`${page.url().slice(origin.length)}: ${m.text().slice(0, 200)}`);
  });
  await check('no Content-Security-Policy violation', async () => {
    if (signIn) await signIn(page);
    for (const path of paths) await go(page, path);
    return violations;
  });
  await strict.close();
}

/** Runs a walk and ends the process with its summary line; a walk still running after
 *  `timeoutMs` is a failure, and so is an error thrown outside any check. */
export function runWithin(timeoutMs, main) {
  const timer = setTimeout(() => {
    report('whole run within time', [`still running after ${timeoutMs / 1000} s`]);
    finish();
  }, timeoutMs);
  main()
    .catch((e) => report('browser run', [String(e && e.stack ? e.stack.split('\n').slice(0, 3).join(' ') : e)]))
    .finally(() => {
      clearTimeout(timer);
      finish();
    });
}


// Issue 15 item 7: RGAA checks beyond axe, run by `audit` on every walked page, and the
// evidence they leave (item 8): for each check, how many distinct pages it ran on and whether
// it ever failed. `finish` writes it to $EVIDENCE_OUT (JSON) when set; tests/app/browser.rs
// compares it with the committed tests/browser/evidence/*.json, which the organisers'
// /organisation/accessibilite page shows.

const evidence = {};
const titles = new Map();
let siteName = '';
let lastMethod = 'GET';

/** Records that check `id` ran on the page (failed when `bad`). */
export function note(id, page, bad) {
  const e = (evidence[id] ||= { pages: new Set(), failed: false });
  // H2: a page read with `?lang=en` is the English version, counted apart from the French one.
  const url = new URL(page.url());
  e.pages.add(url.pathname + (url.searchParams.get('lang') === 'en' ? '?lang=en' : ''));
  if (bad) e.failed = true;
}

function writeEvidence() {
  const out = process.env.EVIDENCE_OUT;
  if (!out) return;
  const checks = {};
  for (const id of Object.keys(evidence).sort()) {
    checks[id] = { pages: evidence[id].pages.size, result: evidence[id].failed ? 'failed' : 'passed' };
  }
  writeFileSync(out, JSON.stringify({ walk: process.env.EVIDENCE_WALK || '', checks }, null, 2) + '\n');
}

/** Runs one RGAA check on the page, notes it as evidence and returns its problems. */
async function rgaaCheck(id, page, fn) {
  let problems;
  try {
    problems = await fn();
  } catch (e) {
    problems = [`${id}: ${String(e && e.message ? e.message.split('\n')[0] : e)}`];
  }
  note(id, page, problems.length > 0);
  return problems;
}

/** The visible focus indicator of the focused element: a drawn outline or a box-shadow. */
function focusShown() {
  const a = document.activeElement;
  if (!a || a === document.body) return { ok: false, what: 'nothing focused' };
  // DSFR draws some focus rings on a pseudo-element (a card's link covers the card with its
  // ::before) or on the enlarged block around the link.
  const drawn = (el, pseudo) => {
    const s = getComputedStyle(el, pseudo);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  };
  const enlarged = a.closest('.fr-enlarge-link, .fr-enlarge-button');
  const ok = drawn(a) || drawn(a, '::before') || drawn(a, '::after') || (enlarged && drawn(enlarged));
  const what = `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''}${a.getAttribute('href') ? '[href=' + a.getAttribute('href') + ']' : ''}`;
  return { ok, what };
}

/** RGAA 8.5 8.6 (title), 12.7 (skip links), 10.7 (visible focus), 11.10 (errors tied to their
 *  field and announced), 10.11 (reflow at 320 px and at 200 % zoom). */
export async function rgaa(page) {
  const problems = [];
  const path = new URL(page.url()).pathname;

  // 8.5 8.6: a title naming the page and the site, unique across the walk. A form shown
  // again by its POST (with its errors, or a preview) keeps its page's title; the private
  // pages of two people (a token in the path) are one page.
  problems.push(...(await rgaaCheck('title', page, async () => {
    const { title, site, errorState } = await page.evaluate(() => ({
      title: document.title,
      site: (document.querySelector('.fr-header__service-title') || {}).textContent || '',
      errorState: !!document.querySelector('main .fr-error-text, main .fr-alert--error'),
    }));
    const out = [];
    // The projector has no header: the site's name is the one the other pages show.
    if (site.trim()) siteName = site.trim();
    const key = path.replace(/\/[0-9a-f]{32,}(?=\/|$)/g, '/{jeton}');
    const pageName = title.split(' — ')[0].trim();
    if (!siteName || !title.endsWith(` — ${siteName}`)) out.push(`title ${JSON.stringify(title)} does not end with the site name ${JSON.stringify(siteName)}`);
    if (!pageName || pageName === siteName) out.push(`title ${JSON.stringify(title)} does not name the page`);
    const first = titles.get(title);
    if (first === undefined) titles.set(title, key);
    else if (first !== key && !errorState && lastMethod !== 'POST') out.push(`title ${JSON.stringify(title)} is also the title of ${first}`);
    return out;
  })));

  // 8.2 is vnu's (the caller's); 11.10: every error message is referenced by its field's
  // aria-describedby and announced (inside or beside a role="alert" message).
  problems.push(...(await rgaaCheck('form-errors', page, () => page.evaluate(() => {
    const out = [];
    const errors = [...document.querySelectorAll('.fr-error-text, .fr-message--error')].filter((e) => e.offsetParent !== null);
    for (const e of errors) {
      if (!e.id) { out.push(`error ${JSON.stringify(e.textContent.trim().slice(0, 60))} has no id`); continue; }
      const field = [...document.querySelectorAll('[aria-describedby]')].find((f) => f.getAttribute('aria-describedby').split(/\s+/).includes(e.id));
      if (!field) out.push(`error #${e.id} is not in any field's aria-describedby`);
      if (!e.closest('[role=alert]') && !document.querySelector('[role=alert]')) out.push(`error #${e.id} is not announced (no role="alert" on the page)`);
    }
    return out;
  }))));

  // 12.7 10.7: the first skip link, taken with the keyboard, moves the focus to its target;
  // the skip link and the first focusable element of the target show their focus.
  problems.push(...(await rgaaCheck('skip-link', page, async () => {
    const out = [];
    const skip = page.locator('.fr-skiplinks a[href^="#"]').first();
    if ((await skip.count()) === 0) return ['no skip link'];
    const target = (await skip.getAttribute('href')).slice(1);
    await page.keyboard.press('Shift');
    await skip.focus();
    const shown = await page.evaluate(focusShown);
    if (!shown.ok) out.push(`the focused skip link shows no outline`);
    await page.keyboard.press('Enter');
    const landed = await page.evaluate((id) => {
      const t = document.getElementById(id);
      return !!(t && document.activeElement && t.contains(document.activeElement));
    }, target);
    if (!landed) out.push(`after Enter on the skip link the focus is not in #${target}`);
    // Leave the address as the walk had it (a later click reads page.url()).
    await page.evaluate(() => history.replaceState(history.state, '', location.pathname + location.search));
    return out;
  })));
  problems.push(...(await rgaaCheck('focus-visible', page, async () => {
    await page.keyboard.press('Tab');
    const shown = await page.evaluate(focusShown);
    // Put the keyboard's starting point back at the top of the page, as after a load.
    await page.evaluate(() => {
      const b = document.body;
      b.setAttribute('tabindex', '-1');
      b.focus();
      b.blur();
      b.removeAttribute('tabindex');
    });
    return shown.ok ? [] : [`the focused ${shown.what} shows neither outline nor box-shadow`];
  })));

  // 3.1: no information by colour alone on the programme: every element coloured by its
  // track (`.ren-track-N`, from couleurs.css) names the track in its own text.
  if ((await page.locator('main [class*="ren-track-"]').count()) > 0) {
    problems.push(...(await rgaaCheck('colour-alone', page, () => page.evaluate(() =>
      [...document.querySelectorAll('main [class*="ren-track-"]')]
        .filter((e) => e.textContent.trim() === '')
        .slice(0, 3)
        .map((e) => `a track-coloured ${e.tagName.toLowerCase()}.${[...e.classList].join('.')} has no text naming the track`),
    ))));
  }

  // 10.11: no horizontal scrolling at 320 CSS px, nor at 200 % zoom of a 1280 px window.
  const size = page.viewportSize();
  for (const [id, width] of [['reflow-320', 320], ['zoom-200', 640]]) {
    problems.push(...(await rgaaCheck(id, page, async () => {
      await page.setViewportSize({ width, height: 800 });
      const r = await page.evaluate(() => {
        const w = window.innerWidth;
        if (document.documentElement.scrollWidth <= w) return null;
        const wide = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'fixed')
          .filter((e) => {
            // Content scrolling inside its own container (a table's) does not widen the page.
            for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
              if (getComputedStyle(p).overflowX !== 'visible') return false;
            }
            return true;
          })
          .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 1)
          .slice(0, 4)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`);
        return { scroll: document.documentElement.scrollWidth, w, wide };
      });
      return r ? [`at ${width} px the page scrolls sideways (${r.scroll} > ${r.w}): ${r.wide.join(', ')}`] : [];
    })));
  }
  if (size) await page.setViewportSize(size);
  return problems;
}

/** RGAA 11.10 and 10.7 after a submitted form with errors: the focus is on the error summary
 *  (server-rendered with tabindex="-1" and autofocus, so it works without a script too). */
export async function errorFocus(page) {
  // `autofocus` is applied at the next rendering opportunity, which on a busy machine can come
  // after the load event: wait for it a little before judging (the check below still fails).
  await page
    .waitForFunction(() => document.activeElement && document.activeElement.id === 'erreurs', null, { timeout: 3000 })
    .catch(() => {});
  return rgaaCheck('error-focus', page, () => page.evaluate(() => {
    const a = document.activeElement;
    if (!document.querySelector('.fr-error-text, [role=alert]')) return ['the page shows no error'];
    if (!a || a.id !== 'erreurs') return [`after the form error the focus is on ${a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') : 'nothing'}, expected the error summary #erreurs`];
    if (a.getAttribute('role') !== 'alert') return ['the error summary is not role="alert"'];
    return [];
  }));
}

// RGAA 8.1 8.2: the HTML as served (the document response, not the DOM after scripts) of
// every audited page, checked by the Nu Html Checker in one run at the end of the walk.
let htmlDir = null;
const htmlFiles = [];

async function keepHtml(page, seen) {
  const r = seen.document;
  seen.document = null;
  if (!r) return;
  let body;
  try {
    body = await r.text();
  } catch {
    return; // a redirect or an evicted body: the page it led to is kept instead
  }
  htmlDir ||= mkdtempSync(join(tmpdir(), 'rgaa-html-'));
  const path = new URL(page.url()).pathname;
  const file = join(htmlDir, `${String(htmlFiles.length).padStart(3, '0')}${path.replace(/[^a-zA-Z0-9]+/g, '_').slice(0, 80)}.html`);
  writeFileSync(file, body);
  htmlFiles.push(file);
  const e = (evidence['html-valid'] ||= { pages: new Set(), failed: false });
  e.pages.add(path);
}

function validateHtml() {
  if (htmlFiles.length === 0 || process.env.SKIP_VNU) return;
  const script = new URL('../tools/check_html.sh', import.meta.url).pathname;
  try {
    execFileSync(script, htmlFiles, { stdio: ['ignore', 'ignore', 'pipe'] });
    report(`HTML of the ${htmlFiles.length} audited pages is valid (vnu)`, []);
  } catch (e) {
    evidence['html-valid'].failed = true;
    const lines = String(e.stderr || e.message).split('\n').filter(Boolean).slice(0, 12);
    report(`HTML of the ${htmlFiles.length} audited pages is valid (vnu)`, lines);
  }
  rmSync(htmlDir, { recursive: true, force: true });
}
