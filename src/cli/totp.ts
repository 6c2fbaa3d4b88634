// Prints the current TOTP code for a secret (default: the documented demo secret), for trying the
// API with curl. Real users use an authenticator app.
import { generate } from 'otplib';
import { DEMO_TOTP_GEHEIM } from '../modules/accounts/demo.ts';

process.stdout.write(`${await generate({ secret: process.argv[2] ?? DEMO_TOTP_GEHEIM })}\n`);
