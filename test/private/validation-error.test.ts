import * as path from 'node:path';
import { App, CfnOutput, Errors, Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { NetkitValidationError, raise, requireInteger } from '../../lib/private/validation-error';
import { checkNumber } from '../../lib/private/validators';

test('a problem becomes an error with the construct path that aws-cdk-lib knows as a validation error', () => {
  const stack = new Stack(new App(), 'S');
  const scope = new Construct(stack, 'Nodes');
  let caught: unknown;
  try {
    raise(scope, undefined, checkNumber('maxSize', -1, { min: 0 }));
  } catch (err) {
    caught = err;
  }
  expect(Errors.isValidationError(caught)).toBe(true);
  expect((caught as Error).message).toBe('S/Nodes: maxSize (-1) must be a whole number ≥ 0');
  expect((caught as NetkitValidationError).constructPath).toBe('S/Nodes');
});

test("the string '120' is answered as a string, not as a number out of range", () => {
  expect(() => requireInteger('minSize', '120' as any, 0)).toThrow(
    "minSize ('120') is a string, not a number; pass 120 without quotes",
  );
});

test('an error thrown while a token resolves is not wrapped in "Resolution error" once per nesting level', () => {
  const app = new App();
  const stack = new Stack(app, 'S');
  const inner = Lazy.string({
    produce: () => {
      throw new NetkitValidationError('podNetworking is unknown', stack);
    },
  });
  const outer = Lazy.string({ produce: () => ({ nested: { deeper: inner } }) as any });
  new CfnOutput(stack, 'Out', { value: Lazy.string({ produce: () => outer }) });
  let caught: Error | undefined;
  try {
    app.synth();
  } catch (err) {
    caught = err as Error;
  }
  expect(caught?.message).toBe('S: podNetworking is unknown');
});

test("the stack names the user's frames, not the library's", () => {
  let caught: Error | undefined;
  try {
    requireInteger('port', 0, 1, 65535);
  } catch (err) {
    caught = err as Error;
  }
  const lines = caught!.stack!.split('\n');
  expect(lines[0]).toBe('ValidationError: port (0) must be a whole number from 1 to 65535');
  const libraryDir = path.resolve(__dirname, '../../lib') + path.sep;
  expect(lines.filter((l) => l.includes(libraryDir))).toEqual([]);
  expect(lines.some((l) => l.includes(__filename))).toBe(true);
});
