-- The administrator of a debt-help organisation, neighbourhood team or bailiff's office (organisatie-beheerder):
-- the organisation's administrative acts (settings, agreements, keys, later its own users), not its casework.
ALTER TABLE gebruikers DROP CONSTRAINT IF EXISTS gebruikers_rol_check;
ALTER TABLE gebruikers ADD CONSTRAINT gebruikers_rol_check CHECK (rol IN ('beheerder','gemeente-medewerker','gemeente-coordinator',
  'schuldhulpverlener','wijkteam','deurwaarder','signaalpartner-medewerker','signaalpartner-beheerder','functionaris-gegevensbescherming',
  'organisatie-beheerder'));
