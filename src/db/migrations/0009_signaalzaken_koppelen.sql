-- Linking new signals to cases looks them up by household; only unlinked signals are in this index, so it stays
-- small however large the table grows.
CREATE INDEX vroegsignalen_ongekoppeld_adres ON vroegsignalen (gemeentecode, adres_sleutel) WHERE zaak_id IS NULL;
