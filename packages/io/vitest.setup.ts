// Every io test runs under @tendril/testing's leak check: a greenlet or hub timer left behind
// fails the test that left it.
import { useLeakCheck } from '@tendril/testing';

useLeakCheck();
