-- Pages ask for an indicator's values at one level (the gemeente totals,
-- the wijken of a map) without naming a group. The index on (indicator,
-- grp, area, period_key) could not seek on the area then, so every value of
-- the indicator was read: after an import of 280,000 buurt values the
-- trendmonitor page took four times as long. With area second, an area or a
-- range of codes (GM..., WK...) is one seek, and a question that names the
-- group and the area still is. Issue 17 §3.
DROP INDEX indicator_values_area;
CREATE INDEX indicator_values_area ON indicator_values(indicator, area, grp, period_key);
