// Prism is started the same way by the tests, the demo and `npm run mock`.
export * from '../../scripts/lib/prism.js';
