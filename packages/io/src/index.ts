export { TIMED_OUT, WaitList } from './wait-list.js';
