-- Claims from bailiffs (issue 16, item 7): after a VISH match a bailiff sends the claim it holds to the helper named
-- in the match; it lands in the debt inventory of that helper's open trajectory (bron 'deurwaarder'). The bailiff
-- organisation is recorded, so it can see the pause state of its own claims and nothing else. No BSN is stored here.
ALTER TABLE schuldenrust_schulden ADD COLUMN deurwaarder_id uuid REFERENCES organisaties(id);
ALTER TABLE schuldenrust_schulden ADD COLUMN hoofdsom numeric(12,2);
ALTER TABLE schuldenrust_schulden ADD COLUMN kosten numeric(12,2);
ALTER TABLE schuldenrust_schulden ADD CONSTRAINT schuldenrust_schulden_deurwaarder_check
  CHECK ((bron = 'deurwaarder') = (deurwaarder_id IS NOT NULL));
CREATE INDEX schuldenrust_schulden_deurwaarder ON schuldenrust_schulden (deurwaarder_id, aangemaakt_op)
  WHERE deurwaarder_id IS NOT NULL;
