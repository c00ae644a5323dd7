// A2 D3 G2: the checks every browser walk runs, shared by public.mjs, programme.mjs and
// organiser.mjs.
//
// `setup(base)` must be called once before the helpers that need the site's origin.

import { createRequire } from 'node:module';

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
    if (lang !== 'fr') problems.push(`html[lang] is ${JSON.stringify(lang)}, expected "fr"`);
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
  const problems = [...(await structure(page)), ...(await axe(page))];
  if (expectSection) {
    const current = await page.$$eval('#navigation-principale a[aria-current]', (as) =>
      as.map((a) => a.getAttribute('href')),
    );
    if (current.length !== 1 || current[0] !== expectSection) {
      problems.push(`navigation marks ${JSON.stringify(current)} as current, expected ["${expectSection}"]`);
    }
  }
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
