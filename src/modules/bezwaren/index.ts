/** Public face of the objections module (bezwaren tegen vroegsignalering): table vroegsignaal_bezwaren. */
export { bezwaarToets, lijstBezwaren, registreerBezwaar, registreerVoorZaak, verwijderBezwaar } from './bezwaren.ts';
export { voorInzage as bezwarenVoorInzage } from './store.ts';
