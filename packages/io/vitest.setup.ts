// Every io test runs under @tendril/testing's checks: the hub must report no error the test did
// not capture itself (with captureHubErrors or expectOneError), and a greenlet or hub timer left
// behind fails the test that left it. (The leak check is registered last, so it runs first after
// the test: errors reported while it cleans up are counted too.)
import { captureHubErrors, type HubErrorCapture, useLeakCheck } from '@tendril/testing';
import { afterEach, beforeEach, expect } from 'vitest';

let capture: HubErrorCapture | undefined;
beforeEach(() => {
  capture = captureHubErrors();
});
afterEach(() => {
  const errors = capture?.errors.map(({ error }) => error);
  capture?.stop();
  capture = undefined;
  expect(errors, 'errors the hub reported and the test did not expect').toEqual([]);
});

useLeakCheck();
