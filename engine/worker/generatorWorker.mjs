// @module generatorWorker bootstrap: lets the TypeScript worker run under tsx, vitest or plain node.
import { register } from 'tsx/esm/api';

register();
await import('./generatorWorker.ts');
