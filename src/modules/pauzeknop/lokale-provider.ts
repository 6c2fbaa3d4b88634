import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * Demo residents of the local OpenID Connect provider (development and tests only). In production a broker (DigiD
 * through an OIDC broker) answers; the `sub` there is the broker's subject, the BSN comes as a claim. Log in at the
 * local provider with one of these logins and any password.
 */
export const DEMO_INWONERS = {
  'inwoner-jan': { bsn: '999990019' },
  'inwoner-fatima': { bsn: '999990020' },
} as const satisfies Record<string, { bsn: string }>;
export type DemoInwoner = keyof typeof DEMO_INWONERS;

export interface LokaleOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  sluit(): Promise<void>;
}

/**
 * A real OpenID Connect provider (the maintained `oidc-provider` package) on 127.0.0.1, for `npm start` without a
 * configured broker and for the tests: authorization code flow with PKCE (required), ID tokens signed with its own
 * RS256 key, the BSN of a demo resident as the `bsn` claim (scope `bsn`). Its login page is the package's
 * development login (any password; only the demo logins above exist). Never started in production.
 */
export async function startLokaleOidc(opties: {
  redirectUris: string[];
  port?: number;
  clientId?: string;
  clientSecret?: string;
}): Promise<LokaleOidc> {
  const clientId = opties.clientId ?? 'schuldenrust-pauzeknop';
  const clientSecret = opties.clientSecret ?? randomBytes(24).toString('base64url');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(opties.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'lokaal-1' };
  // Loaded only here: production (a configured broker) never loads the provider package.
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opties.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], bsn: ['bsn'] },
    scopes: ['openid', 'bsn'],
    conformIdTokenClaims: false, // the BSN claim in the ID token, as brokers do
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    ttl: { Session: 600, Interaction: 600, Grant: 600, AuthorizationCode: 60, IdToken: 300, AccessToken: 300 },
    async findAccount(_ctx, id) {
      const inwoner = (DEMO_INWONERS as Record<string, { bsn: string }>)[id];
      if (!inwoner) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, bsn: inwoner.bsn }) };
    },
  });
  // The development login page prints a warning on start; a login with an unknown name ends in an error page.
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    sluit: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
