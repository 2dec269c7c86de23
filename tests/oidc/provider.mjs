// A real OpenID Provider for the single sign-on tests (docs/decisions/0023-single-sign-on.md).
//
// It is the certified `oidc-provider` package (a dev dependency), run on 127.0.0.1 only, with
// one fixed client and a few fixed accounts, so the tests drive the whole authorization code
// flow over HTTP as a council's identity provider would answer it. Never used outside tests.
//
// Started by the `oidc_provider` pytest fixture (restorative/people/sso/tests/conftest.py):
//   node tests/oidc/provider.mjs
// with REDIRECT_URI and POST_LOGOUT_REDIRECT_URI in the environment. It listens on a free
// port and prints one line, `ready http://127.0.0.1:<port>`, once it answers.
//
// The sign-in page asks only for an account id (`login`): these are test accounts, and the
// provider's own password check is not what the tests are about. Posting `mfa=yes` signs in
// as if with a second factor: the ID token then says `amr: ["pwd", "mfa"]`.

import http from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';

import Provider from 'oidc-provider';

export const CLIENT_ID = 'restorative-test';
export const CLIENT_SECRET = 'restorative-test-secret-not-for-real-use';

// The people the council's directory knows. Their e-mail addresses are what the tests give
// (or do not give) to staff records in the product.
const ACCOUNTS = {
  'sub-known-0001': { email: 'known.worker@council.example', given_name: 'Kim', family_name: 'Known' },
  'sub-unknown-0002': { email: 'not.on.staff@council.example', given_name: 'Una', family_name: 'Known' },
  'sub-disabled-0003': { email: 'left.the.council@council.example', given_name: 'Dee', family_name: 'Abled' },
  // Someone whose directory address was taken over: the tests link the staff record to
  // sub-known-0001 first, then this account arrives with the same address.
  'sub-impostor-0004': { email: 'known.worker@council.example', given_name: 'Imp', family_name: 'Ostor' },
  'sub-unverified-0005': { email: 'unverified@council.example', email_verified: false, given_name: 'Uma', family_name: 'Verified' },
};

const redirectUri = process.env.REDIRECT_URI;
const postLogoutRedirectUri = process.env.POST_LOGOUT_REDIRECT_URI;
if (!redirectUri || !postLogoutRedirectUri) {
  console.error('REDIRECT_URI and POST_LOGOUT_REDIRECT_URI are required');
  process.exit(2);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

const server = http.createServer();

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutRedirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['test-cookie-key-not-for-real-use'] },
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name', 'name'],
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    acrValues: ['urn:test:password', 'urn:test:mfa'],
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600,
    },
    async findAccount(ctx, sub) {
      const account = ACCOUNTS[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email_verified: true,
            name: `${account.given_name} ${account.family_name}`,
            ...account,
          };
        },
      };
    },
    // A first-party client: consent is given by the organisation, so no consent page.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const url = new URL(req.url, issuer);
    const match = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!match) {
      callback(req, res);
      return;
    }
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'POST' && match[2]) {
        const form = await readForm(req);
        const accountId = form.get('login') || '';
        if (!ACCOUNTS[accountId]) {
          res.statusCode = 400;
          res.end('unknown test account');
          return;
        }
        const mfa = form.get('mfa') === 'yes';
        await provider.interactionFinished(req, res, {
          login: {
            accountId,
            amr: mfa ? ['pwd', 'mfa'] : ['pwd'],
            acr: mfa ? 'urn:test:mfa' : 'urn:test:password',
          },
        }, { mergeWithLastSubmission: false });
        return;
      }
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!DOCTYPE html><html lang="en"><head><title>Test provider sign-in</title></head>
<body><h1>Test provider: sign in (${escapeHtml(details.prompt.name)})</h1>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">
<label for="login">Account</label><input id="login" name="login">
<label><input type="checkbox" name="mfa" value="yes"> With a second factor</label>
<button type="submit">Sign in</button></form></body></html>`);
    } catch (error) {
      res.statusCode = 400;
      res.end(`interaction error: ${error.message}`);
    }
  });

  console.log(`ready ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
