// Jest reporter that appends each run's totals to $LAGLIG_TEST_COUNTS (one
// JSON line per run), so scripts/test.sh can close with one
// "N passed, N failed" line over every tier and project.
const fs = require('node:fs');

class CountReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.LAGLIG_TEST_COUNTS;
    if (!file) return;
    const line = JSON.stringify({
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    });
    fs.appendFileSync(file, `${line}\n`);
  }
}

module.exports = CountReporter;
