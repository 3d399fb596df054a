// Every hub test runs under @tendril/testing's leak check: a greenlet or hub timer left behind
// fails the test that left it. The import is relative because @tendril/testing depends on this
// package, so it cannot also be a dependency of it (turbo refuses the cycle).
import { useLeakCheck } from '../testing/src/index.js';

useLeakCheck();
