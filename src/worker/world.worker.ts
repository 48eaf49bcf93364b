import { expose } from 'comlink';
import { BUILTIN_SCENARIOS } from './builtinScenarios.ts';
import { registerSampleTransfer } from './sampleTransfer.ts';
import { WorldHost } from './worldHost.ts';

registerSampleTransfer();
expose(new WorldHost(BUILTIN_SCENARIOS));
