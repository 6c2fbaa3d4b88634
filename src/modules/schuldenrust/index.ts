/**
 * Public face of the schuldenrust module (tables schuldeiser_deelnames, schuldenrust_schulden, schuldenrust_pauzes,
 * schuldenrust_kennisgevingen, schuldenrust_pauze_historie): the VISH lookup of active pauses (`schuldenrustIndex`),
 * the scheduled job (end dates, closed trajectories, reminders), retention, demo data.
 */
export { schuldenrustIndex, SchuldenrustIndex } from './vish.ts';
export { onderhoudSchuldenrust } from './service.ts';
export { ruimSchuldenrustOp } from './bewaartermijn.ts';
export { laadSchuldenrustDemo, DEMO_SCHULDEISERS, DEMO_BRIEF_SCHULDEISER } from './demo.ts';
