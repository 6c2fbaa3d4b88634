/** A CSV (semicolon, quoted where needed) for downloadable reports. */
export function csvVan(koppen: string[], rijen: Array<Array<string | number | undefined>>): string {
  const veld = (v: string | number | undefined) => {
    const s = v === undefined ? '' : String(v);
    // Quote, and neutralise spreadsheet formulas (a report may echo a customer number).
    const veilig = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[";\n\r]/.test(veilig) ? `"${veilig.replace(/"/g, '""')}"` : veilig;
  };
  return [koppen, ...rijen].map((r) => r.map(veld).join(';')).join('\r\n') + '\r\n';
}
