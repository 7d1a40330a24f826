/**
 * A small interpreter for the part of CEL (the Common Expression Language) that kubelet expressions use: int, double,
 * string and bool literals, variables, arithmetic, comparisons, `&&`, `||`, `!`, `?:`, `int()`, `double()`, the
 * string tests `startsWith`/`endsWith`/`contains`, and functions a dialect adds (Karpenter's `min`/`max`).
 *
 * It follows cel-go's defaults, which both nodeadm and Karpenter run with: ints are 64-bit and overflow is an error,
 * int and double never mix in one operator (`vcpus * 1.5` does not compile; cross-type numeric comparisons are off),
 * integer division truncates toward zero and dividing an int by zero is an error. Anything outside the subset is
 * reported as such, never guessed at.
 */

/** A CEL type in the subset. */
export type CelType = 'int' | 'double' | 'string' | 'bool';

/** A CEL value: ints are bigints so that 64-bit arithmetic is exact. */
export type CelValue = bigint | number | string | boolean;

/** A parsed expression. */
export type CelNode =
  | { readonly kind: 'literal'; readonly type: CelType; readonly value: CelValue; readonly at: number }
  | { readonly kind: 'ident'; readonly name: string; readonly at: number }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly operand: CelNode; readonly at: number }
  | {
      readonly kind: 'binary';
      readonly op: string;
      readonly left: CelNode;
      readonly right: CelNode;
      readonly at: number;
    }
  | {
      readonly kind: 'cond';
      readonly test: CelNode;
      readonly then: CelNode;
      readonly else: CelNode;
      readonly at: number;
    }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly target?: CelNode;
      readonly args: readonly CelNode[];
      readonly at: number;
    };

/** A function a dialect adds: its overloads, by argument types, and the implementation. */
export interface CelFunction {
  /** Result type for the argument types, or undefined when no overload matches. */
  readonly resultType: (args: readonly CelType[]) => CelType | undefined;
  readonly call: (args: readonly CelValue[]) => CelValue;
}

/** What an expression may refer to: typed variables and extra global functions. */
export interface CelEnvironment {
  readonly variables: Readonly<Record<string, CelType>>;
  readonly functions?: Readonly<Record<string, CelFunction>>;
}

/** Why an expression does not compile; `kind` tells a missing variable from other faults. */
export class CelCompileError extends Error {
  constructor(
    message: string,
    public readonly kind: 'syntax' | 'undeclared-variable' | 'undeclared-function' | 'type' | 'unsupported',
    public readonly at: number,
    public readonly symbol?: string,
  ) {
    super(message);
    this.name = 'CelCompileError';
  }
}

/** Why an evaluation failed (overflow, division by zero, a failed conversion). */
export class CelEvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CelEvalError';
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// ---------------------------------------------------------------------------------------------------------------
// Lexer

type Token =
  | { readonly t: 'int'; readonly v: bigint; readonly at: number }
  | { readonly t: 'double'; readonly v: number; readonly at: number }
  | { readonly t: 'string'; readonly v: string; readonly at: number }
  | { readonly t: 'ident'; readonly v: string; readonly at: number }
  | { readonly t: 'op'; readonly v: string; readonly at: number }
  | { readonly t: 'end'; readonly at: number };

const OPERATORS = [
  '&&',
  '||',
  '<=',
  '>=',
  '==',
  '!=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '?',
  ':',
  '(',
  ')',
  ',',
  '.',
];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    const number = /^(0x[0-9a-fA-F]+|\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)([uU])?/.exec(
      source.slice(i),
    );
    if (number && (/\d/.test(c) || (c === '.' && /\d/.test(source[i + 1] ?? '')))) {
      const [text, body, unsigned] = number;
      if (unsigned) {
        throw new CelCompileError(
          `unsigned literal '${text}' (uint) is not supported by this checker`,
          'unsupported',
          at,
        );
      }
      if (/^0x/.test(body) || /^\d+$/.test(body)) {
        const v = BigInt(body);
        // The literal 9223372036854775808 is valid only after unary minus; the parser checks the range.
        tokens.push({ t: 'int', v, at });
      } else {
        tokens.push({ t: 'double', v: Number(body), at });
      }
      i += text.length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') {
          const next = source[j + 1];
          const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
          if (next === undefined || !(next in escapes)) {
            throw new CelCompileError(`unsupported escape '\\${next ?? ''}' in a string literal`, 'unsupported', j);
          }
          value += escapes[next];
          j += 2;
        } else {
          value += source[j++];
        }
      }
      if (j >= source.length) throw new CelCompileError('unterminated string literal', 'syntax', at);
      tokens.push({ t: 'string', v: value, at });
      i = j + 1;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (ident) {
      tokens.push({ t: 'ident', v: ident[0], at });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new CelCompileError(`unexpected character '${c}'`, 'syntax', at);
    tokens.push({ t: 'op', v: op, at });
    i += op.length;
  }
  tokens.push({ t: 'end', at: source.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser (precedence, lowest first: ?:, ||, &&, relations, + -, * / %, unary, member/call, primary)

/** Parse an expression; throws {@link CelCompileError} on a syntax error. */
export function parseCel(source: string): CelNode {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => {
    const tok = peek();
    return tok.t === 'op' && tok.v === v;
  };
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new CelCompileError(`expected '${v}' at ${describe(peek())}`, 'syntax', peek().at);
    pos++;
  };
  const describe = (tok: Token) => (tok.t === 'end' ? 'the end of the expression' : `'${String(tok.v)}'`);

  const conditional = (): CelNode => {
    const test = or();
    if (!isOp('?')) return test;
    const at = peek().at;
    pos++;
    const then = or();
    expectOp(':');
    const otherwise = conditional();
    return { kind: 'cond', test, then, else: otherwise, at };
  };
  const leftAssoc = (ops: readonly string[], next: () => CelNode) => (): CelNode => {
    let left = next();
    for (;;) {
      const tok = peek();
      if (tok.t !== 'op' || !ops.includes(tok.v)) return left;
      pos++;
      left = { kind: 'binary', op: tok.v, left, right: next(), at: tok.at };
    }
  };
  const unary = (): CelNode => {
    const tok = peek();
    if (tok.t === 'op' && (tok.v === '-' || tok.v === '!')) {
      pos++;
      const next = peek();
      // -9223372036854775808 is the one int literal that only exists negated.
      if (tok.v === '-' && next.t === 'int') {
        pos++;
        const literal: CelNode = { kind: 'literal', type: 'int', value: checkedInt(-next.v, next.at), at: tok.at };
        return member(literal);
      }
      return { kind: 'unary', op: tok.v, operand: unary(), at: tok.at };
    }
    return member(primary());
  };
  const args = (): CelNode[] => {
    expectOp('(');
    const list: CelNode[] = [];
    if (!isOp(')')) {
      do {
        list.push(conditional());
      } while (isOp(',') && ++pos);
    }
    expectOp(')');
    return list;
  };
  const member = (target: CelNode): CelNode => {
    let node = target;
    while (isOp('.')) {
      pos++;
      const name = peek();
      if (name.t !== 'ident') throw new CelCompileError(`expected a name after '.'`, 'syntax', name.at);
      pos++;
      if (!isOp('(')) {
        throw new CelCompileError(
          `field selection '.${name.v}' is not supported by this checker`,
          'unsupported',
          name.at,
        );
      }
      node = { kind: 'call', name: name.v, target: node, args: args(), at: name.at };
    }
    return node;
  };
  const primary = (): CelNode => {
    const tok = peek();
    pos++;
    switch (tok.t) {
      case 'int':
        return { kind: 'literal', type: 'int', value: checkedInt(tok.v, tok.at), at: tok.at };
      case 'double':
        return { kind: 'literal', type: 'double', value: tok.v, at: tok.at };
      case 'string':
        return { kind: 'literal', type: 'string', value: tok.v, at: tok.at };
      case 'ident':
        if (tok.v === 'true' || tok.v === 'false') {
          return { kind: 'literal', type: 'bool', value: tok.v === 'true', at: tok.at };
        }
        if (tok.v === 'null') throw new CelCompileError('null is not supported by this checker', 'unsupported', tok.at);
        if (isOp('(')) return { kind: 'call', name: tok.v, args: args(), at: tok.at };
        return { kind: 'ident', name: tok.v, at: tok.at };
      case 'op':
        if (tok.v === '(') {
          const inner = conditional();
          expectOp(')');
          return inner;
        }
        if (tok.v === '[' || tok.v === '{') {
          throw new CelCompileError('lists and maps are not supported by this checker', 'unsupported', tok.at);
        }
        throw new CelCompileError(`unexpected '${tok.v}'`, 'syntax', tok.at);
      default:
        throw new CelCompileError('the expression is empty or ends too early', 'syntax', tok.at);
    }
  };
  const multiplication = leftAssoc(['*', '/', '%'], unary);
  const addition = leftAssoc(['+', '-'], multiplication);
  const relation = leftAssoc(['<', '<=', '>', '>=', '==', '!='], addition);
  const and = leftAssoc(['&&'], relation);
  const or = leftAssoc(['||'], and);

  const root = conditional();
  if (peek().t !== 'end') throw new CelCompileError(`unexpected ${describe(peek())}`, 'syntax', peek().at);
  return root;
}

function checkedInt(value: bigint, at: number): bigint {
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new CelCompileError(`int literal ${value} is out of the 64-bit range`, 'syntax', at);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Type checker

const BUILTIN_METHODS: Record<string, true> = { startsWith: true, endsWith: true, contains: true };

/** The static type of an expression in an environment; throws {@link CelCompileError}. */
export function checkCel(node: CelNode, env: CelEnvironment): CelType {
  const noOverload = (op: string, types: readonly CelType[], at: number): never => {
    throw new CelCompileError(
      `found no matching overload for '${op}' applied to '(${types.join(', ')})'`,
      'type',
      at,
      op,
    );
  };
  const check = (n: CelNode): CelType => {
    switch (n.kind) {
      case 'literal':
        return n.type;
      case 'ident': {
        const type = Object.prototype.hasOwnProperty.call(env.variables, n.name) ? env.variables[n.name] : undefined;
        if (!type) {
          throw new CelCompileError(`undeclared reference to '${n.name}'`, 'undeclared-variable', n.at, n.name);
        }
        return type;
      }
      case 'unary': {
        const t = check(n.operand);
        if (n.op === '!' && t === 'bool') return 'bool';
        if (n.op === '-' && (t === 'int' || t === 'double')) return t;
        return noOverload(n.op, [t], n.at);
      }
      case 'binary': {
        const l = check(n.left);
        const r = check(n.right);
        if (n.op === '&&' || n.op === '||') {
          return l === 'bool' && r === 'bool' ? 'bool' : noOverload(n.op, [l, r], n.at);
        }
        if (l !== r) return noOverload(n.op, [l, r], n.at);
        if (n.op === '==' || n.op === '!=') return 'bool';
        if (['<', '<=', '>', '>='].includes(n.op)) return 'bool';
        if (n.op === '+' && (l === 'int' || l === 'double' || l === 'string')) return l;
        if (['-', '*', '/'].includes(n.op) && (l === 'int' || l === 'double')) return l;
        if (n.op === '%' && l === 'int') return 'int';
        return noOverload(n.op, [l, r], n.at);
      }
      case 'cond': {
        const test = check(n.test);
        const a = check(n.then);
        const b = check(n.else);
        if (test !== 'bool' || a !== b) return noOverload('_?_:_', [test, a, b], n.at);
        return a;
      }
      case 'call': {
        const argTypes = n.args.map(check);
        if (n.target) {
          const receiver = check(n.target);
          if (!BUILTIN_METHODS[n.name]) {
            throw new CelCompileError(`undeclared reference to '${n.name}'`, 'undeclared-function', n.at, n.name);
          }
          if (receiver === 'string' && argTypes.length === 1 && argTypes[0] === 'string') return 'bool';
          return noOverload(n.name, [receiver, ...argTypes], n.at);
        }
        if (n.name === 'int' || n.name === 'double') {
          if (argTypes.length === 1 && argTypes[0] !== 'bool') return n.name;
          return noOverload(n.name, argTypes, n.at);
        }
        const fn =
          env.functions && Object.prototype.hasOwnProperty.call(env.functions, n.name)
            ? env.functions[n.name]
            : undefined;
        if (!fn) {
          throw new CelCompileError(`undeclared reference to '${n.name}'`, 'undeclared-function', n.at, n.name);
        }
        return fn.resultType(argTypes) ?? noOverload(n.name, argTypes, n.at);
      }
    }
  };
  return check(node);
}

/** Every variable an expression refers to, in order of first use. */
export function celVariables(node: CelNode): string[] {
  const names: string[] = [];
  const visit = (n: CelNode): void => {
    switch (n.kind) {
      case 'ident':
        if (!names.includes(n.name)) names.push(n.name);
        return;
      case 'unary':
        return visit(n.operand);
      case 'binary':
        visit(n.left);
        return visit(n.right);
      case 'cond':
        visit(n.test);
        visit(n.then);
        return visit(n.else);
      case 'call':
        if (n.target) visit(n.target);
        return n.args.forEach(visit);
      default:
        return;
    }
  };
  visit(node);
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluator

/** Evaluate a checked expression; throws {@link CelEvalError} where cel-go returns an error value. */
export function evaluateCel(node: CelNode, env: CelEnvironment, values: Readonly<Record<string, CelValue>>): CelValue {
  const evaluate = (n: CelNode): CelValue => {
    switch (n.kind) {
      case 'literal':
        return n.value;
      case 'ident': {
        if (!Object.prototype.hasOwnProperty.call(values, n.name)) {
          throw new CelEvalError(`no such attribute: ${n.name}`);
        }
        return values[n.name];
      }
      case 'unary': {
        const v = evaluate(n.operand);
        if (n.op === '!') return !v;
        return typeof v === 'bigint' ? int64(-v) : -(v as number);
      }
      case 'binary':
        return binary(n.op, n.left, n.right);
      case 'cond':
        return evaluate(n.test) ? evaluate(n.then) : evaluate(n.else);
      case 'call': {
        const args = n.args.map(evaluate);
        if (n.target) {
          const receiver = evaluate(n.target) as string;
          const arg = args[0] as string;
          if (n.name === 'startsWith') return receiver.startsWith(arg);
          if (n.name === 'endsWith') return receiver.endsWith(arg);
          return receiver.includes(arg);
        }
        if (n.name === 'int') return toInt(args[0]);
        if (n.name === 'double') return toDouble(args[0]);
        return env.functions![n.name].call(args);
      }
    }
  };

  const binary = (op: string, leftNode: CelNode, rightNode: CelNode): CelValue => {
    if (op === '&&' || op === '||') {
      // CEL's logical operators are commutative: a decisive side wins over an error on the other.
      const decisive = op === '||';
      const [l, le] = attempt(() => evaluate(leftNode));
      if (l === decisive) return decisive;
      const [r, re] = attempt(() => evaluate(rightNode));
      if (r === decisive) return decisive;
      if (le) throw le;
      if (re) throw re;
      return !decisive;
    }
    const l = evaluate(leftNode);
    const r = evaluate(rightNode);
    switch (op) {
      case '==':
        return l === r;
      case '!=':
        return l !== r;
      case '<':
        return l < r;
      case '<=':
        return l <= r;
      case '>':
        return l > r;
      case '>=':
        return l >= r;
      default:
        break;
    }
    if (typeof l === 'bigint' && typeof r === 'bigint') {
      switch (op) {
        case '+':
          return int64(l + r);
        case '-':
          return int64(l - r);
        case '*':
          return int64(l * r);
        case '/':
          if (r === 0n) throw new CelEvalError('division by zero');
          return int64(l / r);
        default:
          if (r === 0n) throw new CelEvalError('modulus by zero');
          return l % r;
      }
    }
    if (typeof l === 'string') return l + (r as string);
    const a = l as number;
    const b = r as number;
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      default:
        return a / b;
    }
  };
  return evaluate(node);
}

function attempt(f: () => CelValue): [CelValue | undefined, Error | undefined] {
  try {
    return [f(), undefined];
  } catch (err) {
    if (err instanceof CelEvalError) return [undefined, err];
    throw err;
  }
}

function int64(value: bigint): bigint {
  if (value < INT64_MIN || value > INT64_MAX) throw new CelEvalError('integer overflow');
  return value;
}

/** CEL `int()`: doubles truncate toward zero (out of range is an error), strings parse. */
export function toInt(value: CelValue): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= -(2 ** 63) || value >= 2 ** 63) {
      throw new CelEvalError(`range error converting ${value} to int`);
    }
    return BigInt(Math.trunc(value));
  }
  if (typeof value === 'string' && /^[-+]?\d+$/.test(value)) return int64(BigInt(value));
  throw new CelEvalError(`type conversion error from '${celTypeOf(value)}' to 'int'`);
}

/** CEL `double()`. */
export function toDouble(value: CelValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const parsed = typeof value === 'string' ? Number(value) : NaN;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(parsed)) return parsed;
  throw new CelEvalError(`type conversion error from '${celTypeOf(value)}' to 'double'`);
}

/** The CEL type of a value. */
export function celTypeOf(value: CelValue): CelType {
  switch (typeof value) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
    case 'string':
      return 'string';
    default:
      return 'bool';
  }
}
