// A browser page: bundled with esbuild for the browser and loaded as a module script; the harness
// calls window.runRuntimeScenario(baseUrl, hiddenCursorUrl) and gets the scenario's result.
import * as sdk from 'soracom-batch';
import { runScenario } from './scenario.mjs';

globalThis.runRuntimeScenario = (baseUrl, hiddenCursorUrl) =>
  runScenario(sdk, { baseUrl, runtime: 'browser', hiddenCursorUrl });
