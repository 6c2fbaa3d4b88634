-- DDAS data quality (issue 18).
-- 1. warmeOverdracht is recorded by the worker; unknown (NULL) until then, and not exported while unknown. Every
--    stored false so far was the column default, never a recorded answer: it becomes unknown.
ALTER TABLE vroegsignalen ALTER COLUMN warme_overdracht DROP NOT NULL, ALTER COLUMN warme_overdracht DROP DEFAULT;
ALTER TABLE vroegsignaalzaken ALTER COLUMN warme_overdracht DROP NOT NULL, ALTER COLUMN warme_overdracht DROP DEFAULT;
UPDATE vroegsignalen SET warme_overdracht = NULL WHERE warme_overdracht = false;
UPDATE vroegsignaalzaken SET warme_overdracht = NULL WHERE warme_overdracht = false;

-- 2. Contact kind 'Afspraak op locatie' (DDAS Vroegsignalering v1.0); the stored values are the platform's own
--    codes, mapped to each model version at export (src/modules/ddas/vocabulaire.ts).
ALTER TABLE vroegsignaalzaak_contactpogingen DROP CONSTRAINT vroegsignaalzaak_contactpogingen_soort_check;
ALTER TABLE vroegsignaalzaak_contactpogingen ADD CONSTRAINT vroegsignaalzaak_contactpogingen_soort_check
  CHECK (soort IN ('Mail','Brief','SMS/Whatsapp','Telefoon','Huisbezoek','Kaartje','Overige','Administratief','Afspraak op locatie'));

-- 3. Signal partners of every DDAS type: those outside the LCV sectors (mortgage, DUO, tax, benefits, other)
--    report in sector 'overig'.
ALTER TABLE vroegsignalen DROP CONSTRAINT vroegsignalen_sector_check;
ALTER TABLE vroegsignalen ADD CONSTRAINT vroegsignalen_sector_check
  CHECK (sector IN ('energie','warmte','drinkwater','zorgverzekering','huur','overig'));

-- 4. The partner in a debt-help trajectory (DDAS-SHV `client` holds up to two persons): BSN encrypted like the
--    client's, only for the DDAS export; cleared by anonymisation.
ALTER TABLE trajecten ADD COLUMN partner_bsn_versleuteld text;
