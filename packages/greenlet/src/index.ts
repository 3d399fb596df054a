export { Context, ContextToken, ContextVar, copyContext } from './context.js';
export { Dispatcher } from './dispatcher.js';
export { GreenletError } from './errors/greenlet-error.js';
export { GreenletExit } from './errors/greenlet-exit.js';
export { Interrupt } from './errors/interrupt.js';
export { TendrilError } from './errors/tendril-error.js';
export {
  Greenlet,
  type GreenletBody,
  GreenletExtras,
  getCurrent,
  getMain,
  type StepRunner,
} from './greenlet.js';
export {
  GeneratorFunction,
  generatorNext,
  generatorThrow,
  isNativeGenerator,
} from './native-generator.js';
export { getTrace, setTrace, type TraceEvent, type TraceFunction } from './trace.js';
export {
  cancelPendingSwitch,
  resumeSwitch,
  type Suspend,
  type SwitchResult,
  transfer,
} from './trampoline.js';
