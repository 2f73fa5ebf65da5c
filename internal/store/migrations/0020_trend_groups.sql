-- The indicator page asks which groups and years an indicator has in the
-- trendmonitor. The primary key (indicator, year, level, area, grp) made
-- that a scan of every cell of the indicator (about 12,000 for
-- huishoudens_110 in the demo); with this index each distinct group or
-- year is one seek (queries TrendGroups and TrendYears walk it with a
-- recursive query). Issue 17 §3: the indicator page was the one page over
-- 10 ms for one user.
CREATE INDEX trend_values_groups ON trend_values(indicator, grp, year);
