/**
 * Public face of the Pauzeknop (issue 16, phase 1): a resident logs in with OpenID Connect and asks the municipality
 * for debt help and a pause; the request lands in the municipality's queue with the Wgs deadline. Owns
 * pauzeknop_aanmeldingen, pauzeknop_sessies, pauzeknop_inlogpogingen.
 */
export { pauzeknopRoutes, INWONER_COOKIE } from './routes.ts';
export { ruimPauzeknopOp } from './bewaartermijn.ts';
export { startLokaleOidc, DEMO_INWONERS, type DemoInwoner, type LokaleOidc } from './lokale-provider.ts';
export { redirectUrl } from './oidc.ts';
export { laadDemoAanmelding } from './demo.ts';
