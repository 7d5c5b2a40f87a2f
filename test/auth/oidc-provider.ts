// A real OpenID Connect provider (the oidc-provider package) run as a separate process by the OIDC
// tests: it listens on a free port on 127.0.0.1 and prints its issuer URL on stdout.
// Clients `<role>-app` (client credentials, secret `secret`) get JWT access tokens for the resource
// urn:dothi:api with that role in a `roles` claim. Client `dothi-web` logs people in (authorization
// code flow, the development login form: any password); user `lan` has the role operator.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

const server = createServer();
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const provider = new Provider(issuer, {
  clients: [
    ...['analyst', 'operator', 'superuser'].map((role) => ({
      client_id: `${role}-app`,
      client_secret: 'secret',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
    })),
    {
      client_id: 'dothi-web',
      client_secret: 'secret',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: ['http://localhost:1026/auth/oidc/callback'],
    },
  ],
  claims: { openid: ['sub', 'roles'] },
  conformIdTokenClaims: false,
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, roles: id === 'lan' ? ['operator'] : [] }),
  }),
  scopes: ['api'],
  features: {
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:dothi:api',
      getResourceServerInfo: () => ({ scope: 'api', audience: 'urn:dothi:api', accessTokenFormat: 'jwt' }),
    },
  },
  extraTokenClaims: (ctx) => ({ roles: [ctx.oidc.client!.clientId.replace(/-app$/, '')] }),
});
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
