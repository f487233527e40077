// The store's identity provider for the sign-in tests: node-oidc-provider, configured the way a
// store would run it (authorization code flow, PKCE required, RS256 ID tokens, a confidential
// client), with its built-in development login screens (any password; the login is the
// account). Started by tests/support/oidc_provider.py, which reads "listening" on stdout.
//
//   OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (space separated),
//   OIDC_ACCOUNTS   JSON {"<sub>": {"email": "..."}}: only these can sign in
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');

const provider = new Provider(`http://localhost:${port}`, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: (process.env.OIDC_REDIRECT_URIS || '').split(' ').filter(Boolean),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  // The portal must send a code challenge even though it is a confidential client.
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  cookies: { keys: ['voc-test-oidc-cookie-key'] },
  async findAccount(ctx, sub) {
    const account = accounts[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: account.email, email_verified: true };
      },
    };
  },
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${port}\n`);
});
