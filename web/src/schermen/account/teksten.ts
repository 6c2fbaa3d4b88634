/** Dutch texts of the account screens (plain language, B1). */
export const TA = {
  vergeten: {
    link: 'Wachtwoord vergeten?',
    titel: 'Wachtwoord vergeten',
    uitleg:
      'Vul het e-mailadres van uw account in. U krijgt dan een e-mail met een link. Met die link kiest u een nieuw wachtwoord. De link werkt 30 minuten.',
    knop: 'Stuur mij een link',
    verstuurd:
      'Als er een account is met dit e-mailadres, krijgt u binnen een paar minuten een e-mail. Kijk ook in uw map met ongewenste e-mail.',
    terug: 'Terug naar inloggen',
    verplicht: 'Vul uw e-mailadres in.',
  },
  herstellen: {
    titel: 'Kies een nieuw wachtwoord',
    uitleg: 'Kies een nieuw wachtwoord van minstens 12 tekens. Daarna logt u in met het nieuwe wachtwoord.',
    geenLink: 'Deze pagina werkt alleen met de link uit de e-mail. Vraag een nieuwe link aan.',
    knop: 'Wachtwoord opslaan',
    klaar:
      'Uw nieuwe wachtwoord is opgeslagen. U bent op al uw apparaten uitgelogd. Log nu in met uw nieuwe wachtwoord.',
  },
  wachtwoord: {
    titel: 'Wachtwoord wijzigen',
    eenmaligTitel: 'Kies een eigen wachtwoord',
    eenmaligUitleg:
      'U bent ingelogd met een eenmalig wachtwoord. Kies nu een eigen wachtwoord. Daarna stelt u de authenticator-app in.',
    huidig: 'Huidig wachtwoord',
    huidigEenmalig: 'Eenmalig wachtwoord uit de e-mail',
    nieuw: 'Nieuw wachtwoord',
    nieuwUitleg: 'Minstens 12 tekens. Een zin van een paar woorden is goed te onthouden.',
    herhaal: 'Nieuw wachtwoord nog een keer',
    verschil: 'De twee nieuwe wachtwoorden zijn niet gelijk.',
    kort: 'Het nieuwe wachtwoord heeft minder dan 12 tekens.',
    verplicht: 'Vul alle velden in.',
    knop: 'Wachtwoord opslaan',
    klaar: (n: number) =>
      n > 0
        ? `Uw wachtwoord is gewijzigd. U bent op ${n === 1 ? '1 ander apparaat' : `${n} andere apparaten`} uitgelogd.`
        : 'Uw wachtwoord is gewijzigd.',
  },
  totp: {
    titel: 'Authenticator-app instellen',
    uitleg:
      'Bij het inloggen vragen wij een code uit een authenticator-app op uw telefoon, bijvoorbeeld Microsoft Authenticator, Google Authenticator of FreeOTP.',
    opnieuwUitleg:
      'Heeft u een nieuwe telefoon? Stel de app dan opnieuw in. De oude code werkt tot u de nieuwe bevestigt. Vul eerst uw wachtwoord in.',
    start: 'Begin met instellen',
    stap1: 'Stap 1. Open de app en scan deze QR-code.',
    qrAlt: 'QR-code om de authenticator-app in te stellen',
    geheimUitleg: 'Kunt u niet scannen? Typ dan deze sleutel over in de app:',
    stap2: 'Stap 2. Vul de code van zes cijfers in die de app nu laat zien.',
    code: 'Code uit de authenticator-app',
    bevestig: 'Code bevestigen',
    codeVerplicht: 'Vul de code van zes cijfers in.',
    klaar: 'De authenticator-app is ingesteld.',
    herstelTitel: 'Uw herstelcodes',
    herstelUitleg:
      'Bewaar deze codes op een veilige plek, bijvoorbeeld op papier. Raakt u uw telefoon kwijt? Dan logt u in met een van deze codes in plaats van de code uit de app. Elke code werkt één keer. U ziet ze maar één keer.',
    verder: 'Ik heb de codes bewaard, ga verder',
  },
  account: {
    titel: 'Mijn account',
    menu: 'Mijn account',
  },
  instellen: {
    titel: 'Uw account instellen',
  },
  gebruikers: {
    menu: 'Gebruikers',
    titel: 'Gebruikers van uw organisatie',
    uitleg:
      'Hier voegt u collega’s toe, geeft u ze een andere rol of zet u hun account uit. Een nieuwe collega krijgt een e-mail met een eenmalig wachtwoord.',
    nieuw: 'Collega toevoegen',
    naam: 'Naam',
    email: 'E-mailadres',
    rol: 'Rol',
    toevoegen: 'Uitnodiging versturen',
    toevoegVraag: (email: string) => `Wilt u een account maken voor ${email} en de uitnodiging versturen?`,
    verstuurd: (email: string) => `De uitnodiging is verstuurd naar ${email}.`,
    nietVerstuurd: (email: string, ww: string) =>
      `Het account voor ${email} is gemaakt, maar de e-mail kon niet worden verstuurd. Geef dit eenmalige wachtwoord persoonlijk door: ${ww}`,
    verplicht: 'Vul naam, e-mailadres en rol in.',
    status: 'Status',
    laatsteLogin: 'Laatst ingelogd',
    acties: 'Acties',
    actief: 'Actief',
    uit: 'Uitgezet',
    geblokkeerd: 'Tijdelijk geblokkeerd',
    rolWijzigen: 'Rol wijzigen',
    rolVan: (email: string) => `Rol van ${email}`,
    rolGewijzigd: (email: string) => `De rol van ${email} is gewijzigd.`,
    uitzetten: 'Account uitzetten',
    uitzetVraag: (email: string) =>
      `Wilt u het account van ${email} uitzetten? Deze persoon kan dan niet meer inloggen en wordt direct uitgelogd.`,
    uitgezet: (email: string) => `Het account van ${email} is uitgezet.`,
    aanzetten: 'Account weer aanzetten',
    aangezet: (email: string) => `Het account van ${email} staat weer aan.`,
    jij: 'Dit bent u',
    lijst: 'Gebruikers',
  },
  eerste: {
    titel: 'Eerste beheerder van een organisatie uitnodigen',
    uitleg:
      'Een nieuwe organisatie krijgt één beheerder van u. Die krijgt een e-mail met een eenmalig wachtwoord en voegt daarna zelf de collega’s van de organisatie toe.',
    organisatie: 'Organisatie van de beheerder',
    naam: 'Naam van de beheerder',
    email: 'E-mailadres van de beheerder',
    knop: 'Beheerder uitnodigen',
    verplicht: 'Kies een organisatie en vul naam en e-mailadres in.',
  },
};
