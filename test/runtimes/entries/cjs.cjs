// Node: the package's CommonJS entry through `require`. Arguments: the emulator's base URL and the
// runtime's name for the report.
const sdk = require('soracom-batch');
const { RESULT_MARKER, runScenario } = require('./scenario.cjs');

const [baseUrl, runtime] = process.argv.slice(2);
runScenario(sdk, { baseUrl, runtime }).then((result) => {
  console.log(RESULT_MARKER + JSON.stringify(result));
});
