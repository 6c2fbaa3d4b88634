/** Public face of the retention module: every retention period (termijnen.ts) and the one job that enforces them. */
export { signaalGrens, bewaartermijnen, grenzen, type Bewaartermijn } from './termijnen.ts';
export { handhaafBewaartermijnen, type Opruimers } from './handhaving.ts';
