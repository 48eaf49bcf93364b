import { expose } from 'comlink';
import { BUILTIN_SCENARIOS } from './builtinScenarios.ts';
import { WorldHost } from './worldHost.ts';

expose(new WorldHost(BUILTIN_SCENARIOS));
