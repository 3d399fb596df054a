export { TestFailure } from './errors/test-failure.js';
export {
  captureHubErrors,
  type ErrorKind,
  expectOneError,
  HubErrorCapture,
  type ReportedError,
} from './expect-error.js';
export {
  type GreenOptions,
  type GreenTestApi,
  type GreenTestBody,
  green,
  it,
  setDefaultDeadline,
  test,
} from './green.js';
export {
  addLeakSource,
  type Leak,
  LeakCheck,
  type LeakSource,
  startLeakCheck,
  useLeakCheck,
} from './leak-check.js';
export { recordSwitches, type SwitchRecord, SwitchRecorder } from './switch-recorder.js';
export { useVirtualClock, VirtualClock, type VirtualClockOptions } from './virtual-clock.js';
