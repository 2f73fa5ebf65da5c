// Package e2e holds Perspectief's end-to-end tests: they build the binary,
// start the demo, and walk the web interface in headless Chromium as a
// person would, checking every page they visit with axe-core for serious
// accessibility problems.
//
// The tests need a Chromium (or Chrome) binary and axe-core, installed with
// `npm ci` in this directory. Without them the tests skip, unless
// PERSPECTIEF_REQUIRE_BROWSER=1, which makes a missing browser a failure.
// Set PERSPECTIEF_SCREENSHOTS to a directory to keep a screenshot of every
// page visited (and axe-report.txt with every violation found), and
// PERSPECTIEF_E2E_TIMING=1 to log how long each screenshot and axe check took.
//
//	cd e2e && npm ci && cd .. && go test ./e2e/ -v
package e2e
