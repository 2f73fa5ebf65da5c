-- The trendmonitor page and the indicator pages ask for one series of
-- the trendmonitor: an indicator's cells at one level and group (the
-- gemeente total over the years, the wijken of a year). The primary key
-- (indicator, year, level, area, grp) served that as a scan of every
-- cell of the indicator followed by a row lookup per cell found. This
-- index starts with the columns those questions fix and holds every
-- column they read, so a series is one range of one index. Issue 17 §3:
-- these reads were a third of the server's CPU time under load.
CREATE INDEX trend_values_series ON trend_values(indicator, level, grp, area, year, num, den, suppressed);
