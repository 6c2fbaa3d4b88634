/**
 * The one error type of the platform. `code` is stable for clients, `message` is internal (logs),
 * `publicMessage` is the Dutch text an end user may see. Never put a BSN or a name in either.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly publicMessage: string,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? code);
  }
}

export const notAuthenticated = () =>
  new AppError(
    401,
    'niet_geauthenticeerd',
    'U bent niet aangemeld: gebruik een geldig clientcertificaat of een API-sleutel.',
  );
export const forbidden = () => new AppError(403, 'geen_toegang', 'Uw organisatie heeft geen toegang tot deze functie.');
export const notFound = () => new AppError(404, 'niet_gevonden', 'Niet gevonden.');
export const invalidInput = (publicMessage: string, details?: unknown) =>
  new AppError(400, 'ongeldige_invoer', publicMessage, details);
export const tooLarge = (publicMessage: string) => new AppError(413, 'te_groot', publicMessage);
