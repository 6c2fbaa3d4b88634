/**
 * Public face of the debt-help trajectories module (tables trajecten, traject_vish_feeds): the relapse check for new
 * signals, the DDAS-SHV view of a trajectory and the key of its encrypted BSN (for the DDAS export), the VISH feed job.
 */
export { zoekTerugval, type TerugvalKandidaat, type TerugvalMatch } from './terugval.ts';
export { naarDdasSchuldhulptraject, type DdasDelen } from './ddas.ts';
export { bsnContext, bsnKluis } from './kluis.ts';
export { bouwAlleFeeds } from './vish-feed.ts';
export { pasBewaartermijnToe } from './bewaartermijn.ts';
export { trajectenVoorInzage } from './inzage.ts';
export { datumFouten, type TrajectDatums } from './validatie.ts';
export { openTrajectenVanPersoon, type OpenTraject } from './open.ts';
