// I1 (issue 16): a real OpenID Connect provider on loopback, set up like ProConnect, for the
// tests of sign-in with ProConnect. It is `oidc-provider` (a certified implementation), with:
//   - the issuer and every endpoint under /api/v2 (discovery at
//     /api/v2/.well-known/openid-configuration, /authorize, /token, /userinfo, /jwks,
//     /session/end), as ProConnect serves them;
//   - PKCE required (S256), codes living 30 s, RS256 ID tokens;
//   - /userinfo answering a signed JWT (`application/jwt`) with ProConnect's claims:
//     given_name, usual_name, email, uid, siret, idp_id, belonging_population;
//   - an `acr` (eidas1 by default) on the ID token;
//   - a login page with one button (the person is set by the test), consent given at once,
//     and a logout that needs no confirmation (ProConnect asks none).
//
// Usage: node oidc-provider.mjs — prints `oidc-provider listening on http://127.0.0.1:PORT`.
// The test then POSTs JSON to:
//   /__setup   { client_id, client_secret, redirect_uris, post_logout_redirect_uris }
//   /__control { person: {...}, acr, mode }  where mode misbehaves on purpose, rewriting the
//              ID token of the token endpoint's answer: "nonce" (another nonce), "exp"
//              (expired), "aud" (another audience), "signature" (signed by another key with
//              the same kid); "" behaves.
import http from 'node:http';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const PREFIX = '/api/v2';

const state = {
  provider: null,
  mode: '',
  acr: 'eidas1',
  person: {
    sub: 'a3b1c9e0-proconnect-camille',
    given_name: 'Camille',
    usual_name: 'Dupont',
    email: 'camille.dupont@numerique.gouv.fr',
    uid: '4242',
    siret: '13002526500013',
    idp_id: 'fia1v2',
    belonging_population: 'agent',
  },
};

const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signing = { ...(await jose.exportJWK(privateKey)), kid: 'proconnect-test-1', alg: 'RS256', use: 'sig' };
const stranger = (await jose.generateKeyPair('RS256', { extractable: true })).privateKey;
void publicKey;

const CLAIMS = ['given_name', 'usual_name', 'email', 'uid', 'siret', 'idp_id', 'belonging_population'];

function makeProvider(issuer, client) {
  const claims = { openid: ['sub'] };
  for (const c of CLAIMS) claims[c] = [c];
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.client_id,
        client_secret: client.client_secret,
        redirect_uris: client.redirect_uris,
        post_logout_redirect_uris: client.post_logout_redirect_uris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'RS256',
        userinfo_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [signing] },
    claims,
    scopes: ['openid', ...CLAIMS],
    acrValues: ['eidas1', 'eidas2', 'eidas3', 'https://proconnect.gouv.fr/assurance/self-asserted'],
    pkce: { required: () => true },
    ttl: { AuthorizationCode: 30, AccessToken: 60, IdToken: 60, Interaction: 600, Session: 3600, Grant: 3600 },
    cookies: { keys: ['rencontres-test-cookie-key-that-is-long-enough'] },
    routes: {
      authorization: '/authorize',
      token: '/token',
      userinfo: '/userinfo',
      jwks: '/jwks',
      end_session: '/session/end',
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      claimsParameter: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // No confirmation, as ProConnect: the form posts itself (a test without a browser
        // posts it as read).
        logoutSource: async (ctx, form) => {
          const auto = form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>');
          ctx.body = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Déconnexion</title></head>
<body><h1>Déconnexion de ProConnect (test)</h1>${auto}
<script>document.forms[0].submit()</script></body></html>`;
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Déconnecté</title></head><body><p>Déconnecté.</p></body></html>';
        },
      },
    },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ ...state.person, sub }),
    }),
  });
  provider.proxy = false;
  // Misbehaviours: the ID token of the token endpoint rewritten as the test asked.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200 || !ctx.body?.id_token || !state.mode) return;
    const payload = jose.decodeJwt(ctx.body.id_token);
    const now = Math.floor(Date.now() / 1000);
    let key = await jose.importJWK(signing, 'RS256');
    if (state.mode === 'nonce') payload.nonce = 'x'.repeat(64);
    if (state.mode === 'exp') Object.assign(payload, { iat: now - 7200, exp: now - 3600 });
    if (state.mode === 'aud') payload.aud = 'un-autre-site';
    if (state.mode === 'signature') key = stranger;
    ctx.body = {
      ...ctx.body,
      id_token: await new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: signing.kid }).sign(key),
    };
  });
  return provider;
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { try { resolve(body ? JSON.parse(body) : {}); } catch (e) { reject(e); } });
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

const LOGIN_PAGE = (uid, who) => `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>ProConnect (test)</title></head>
<body><main><h1>ProConnect (fournisseur de test)</h1>
<form method="post" action="/interaction/${uid}/login"><p>Identité : ${who}</p>
<button type="submit" id="se-connecter">Se connecter</button></form></main></body></html>`;

async function interaction(req, res, uid, action) {
  const provider = state.provider;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, 'text/plain', 'interaction mismatch');
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    if (action !== 'login') {
      return send(res, 200, 'text/html; charset=utf-8', LOGIN_PAGE(uid, `${state.person.given_name} ${state.person.usual_name}`));
    }
    return provider.interactionFinished(
      req, res, { login: { accountId: state.person.sub, acr: state.acr } }, { mergeWithLastSubmission: false },
    );
  }
  // Consent: given at once for what the client asked.
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  if (missing.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/__setup') {
      const client = await readJson(req);
      const { port } = server.address();
      state.provider = makeProvider(`http://127.0.0.1:${port}${PREFIX}`, client);
      return send(res, 200, 'application/json', '{"ok":true}');
    }
    if (req.method === 'POST' && url.pathname === '/__control') {
      const c = await readJson(req);
      if ('mode' in c) state.mode = c.mode;
      if ('acr' in c) state.acr = c.acr;
      if (c.person) state.person = { ...state.person, ...c.person };
      return send(res, 200, 'application/json', '{"ok":true}');
    }
    if (!state.provider) return send(res, 503, 'text/plain', 'POST /__setup first');
    const m = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login))?$/);
    if (m) return await interaction(req, res, m[1], req.method === 'POST' ? m[2] : undefined);
    if (url.pathname === PREFIX || url.pathname.startsWith(`${PREFIX}/`)) {
      req.originalUrl = req.url;
      req.url = req.url.slice(PREFIX.length) || '/';
      return state.provider.callback()(req, res);
    }
    return send(res, 404, 'text/plain', 'not found');
  } catch (e) {
    console.error(e);
    if (!res.headersSent) send(res, 500, 'text/plain', String(e));
  }
});

server.listen(0, '127.0.0.1', () => {
  console.log(`oidc-provider listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
