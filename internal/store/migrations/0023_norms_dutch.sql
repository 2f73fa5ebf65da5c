-- Trend runs stored before the norms source was written in Dutch (issue 15
-- §2) carry the English description with a repository path, and the
-- trendmonitor pages and the yearly report show the stored text. Replace
-- it with the current Dutch text of norms.Source(); a checksum that follows
-- it (" (sha256 ...)", runs computed from a norms file) stays. Runs with
-- any other text (a norms file's name) are left as they are.
UPDATE trend_runs SET norms = REPLACE(norms,
  'Participatiewet norms incl. holiday allowance (art. 21-22, half-years averaged), plus kinderbijslag (6-11 band) and kindgebonden budget maxima incl. ALO-kop, 2015-2026; derived in internal/norms, see docs/norms.md',
  'de ingebouwde bijstandsnormen van de Participatiewet met vakantiegeld (art. 21-22, gemiddelde van de twee halfjaren), plus kinderbijslag (6 tot en met 11 jaar) en het maximale kindgebonden budget met de alleenstaande-ouderkop, 2015-2026')
WHERE norms LIKE 'Participatiewet norms incl. holiday allowance%';
