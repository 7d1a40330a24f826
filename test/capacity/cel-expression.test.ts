import {
  CelCompileError,
  CelEnvironment,
  CelEvalError,
  checkCel,
  evaluateCel,
  parseCel,
} from '../../lib/capacity/cel-expression';

const ENV: CelEnvironment = { variables: { n: 'int', d: 'double', s: 'string' } };

function run(expression: string, values: Record<string, bigint | number | string> = {}) {
  const node = parseCel(expression);
  checkCel(node, ENV);
  return evaluateCel(node, ENV, { n: 7n, d: 2.5, s: 'm5.large', ...values });
}

describe('CEL subset: values as cel-go computes them', () => {
  test.each<[string, bigint | number | boolean | string]>([
    ['1 + 2 * 3', 7n],
    ['(1 + 2) * 3', 9n],
    ['7 / 2', 3n], // integer division
    ['-7 / 2', -3n], // truncates toward zero, as Go does
    ['-7 % 3', -1n], // the sign follows the dividend
    ['n - 10', -3n],
    ['d * 2.0', 5],
    ['7.0 / 2.0', 3.5],
    ['int(d)', 2n],
    ['int(-2.9)', -2n],
    ['double(n) / 2.0', 3.5],
    ['int("40")', 40n],
    ['n < 10 ? n : 10', 7n],
    ['n > 10 ? 1 : n > 5 ? 2 : 3', 2n], // ?: is right-associative
    ['s.startsWith("m5")', true],
    ['s.endsWith(".large") && !s.contains("metal")', true],
    ['n == 7 || n / 0 == 1', true], // a decisive side wins over an error on the other
    ['n / 0 == 1 && n == 1', false],
    ['0x10 + 1', 17n],
    ['-9223372036854775808', -(2n ** 63n)],
    ['1e3', 1000],
    ['\'a\' + "b"', 'ab'],
  ])('%s = %p', (expression, expected) => {
    expect(run(expression)).toStrictEqual(expected);
  });

  test.each([
    ['9223372036854775807 + 1', /integer overflow/],
    ['n * 9223372036854775807', /integer overflow/],
    ['n / 0', /division by zero/],
    ['n % 0', /modulus by zero/],
    ['int(1e19)', /range error/],
    ['int("4x")', /type conversion error from 'string' to 'int'/],
  ])('%s is an evaluation error', (expression, message) => {
    expect(() => run(expression)).toThrow(CelEvalError);
    expect(() => run(expression)).toThrow(message);
  });

  test.each([
    ['n * 1.5', /no matching overload for '\*' applied to '\(int, double\)'/],
    ['n < 2.5', /no matching overload for '<' applied to '\(int, double\)'/],
    ['true ? 1 : 2.0', /'_\?_:_' applied to '\(bool, int, double\)'/],
    ['n ? 1 : 2', /'_\?_:_' applied to '\(int, int, int\)'/],
    ['s + 1', /'\+' applied to '\(string, int\)'/],
    ['!n', /'!' applied to '\(int\)'/],
    ['d % 2.0', /'%' applied to '\(double, double\)'/],
  ])('%s does not type-check', (expression, message) => {
    expect(() => checkCel(parseCel(expression), ENV)).toThrow(message);
  });

  test.each([
    ['missing + 1', 'undeclared-variable', 'missing'],
    ['min(n, 3)', 'undeclared-function', 'min'],
    ['s.matches("x")', 'undeclared-function', 'matches'],
    ['(1 + 2', 'syntax', undefined],
    ['1 +', 'syntax', undefined],
    ['1 2', 'syntax', undefined],
    ['n $ 2', 'syntax', undefined],
    ['"open', 'syntax', undefined],
    ['9223372036854775808', 'syntax', undefined],
    ['1u', 'unsupported', undefined],
    ['[1, 2]', 'syntax', undefined],
    ['s.size', 'unsupported', undefined],
  ])('%s is a compile error of kind %s', (expression, kind, name) => {
    let error: unknown;
    try {
      checkCel(parseCel(expression), ENV);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CelCompileError);
    expect((error as CelCompileError).kind).toBe(kind);
    if (name) expect((error as CelCompileError).symbol).toBe(name);
  });
});
