/**
 * The part of GitHub Actions' expression language the exported workflow uses, evaluated
 * as GitHub documents it: `||` and `&&` return an operand (not a boolean), `==` compares
 * strings without case and coerces numbers, `!` and `if:` use truthiness (false, 0, '',
 * null are falsy). Anything outside the subset throws, so a new construct in the
 * generator fails the harness instead of being evaluated wrongly.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

export interface ExpressionContext {
  /** Contexts by name: github, inputs, needs, matrix, steps, env. */
  contexts: Record<string, Value>;
  /** Status functions of the job or step being evaluated. */
  status: { success(): boolean; failure(): boolean; cancelled(): boolean };
}

type Token = { kind: 'op'; text: string } | { kind: 'str'; text: string } | { kind: 'num'; value: number } | { kind: 'id'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new Error(`unterminated string in ${source}`);
        if (source[i] === "'" && source[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (source[i] === "'") {
          i++;
          break;
        } else text += source[i++];
      }
      tokens.push({ kind: 'str', text });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'num', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'id', text: m[0] });
      i += m[0].length;
    } else {
      const two = source.slice(i, i + 2);
      if (['&&', '||', '==', '!='].includes(two)) {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else if ('!().,[]'.includes(c)) {
        tokens.push({ kind: 'op', text: c });
        i++;
      } else throw new Error(`unsupported character ${c} in expression ${source}`);
    }
  }
  return tokens;
}

export function truthy(v: Value): boolean {
  return !(v === false || v === 0 || v === '' || v === null);
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) === toNumber(b);
  if (typeof a === 'object' || typeof b === 'object') return a === b;
  return a === b;
}

function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (v === null || v === false) return 0;
  if (v === true) return 1;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

/** Evaluate one expression (the text between `${{` and `}}`). */
export function evaluate(source: string, ctx: ExpressionContext): Value {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const isOp = (text: string) => peek()?.kind === 'op' && (peek() as { text: string }).text === text;
  const expect = (text: string) => {
    if (!isOp(text)) throw new Error(`expected ${text} at token ${at} of ${source}`);
    at++;
  };
  const or = (): Value => {
    let left = and();
    while (isOp('||')) {
      at++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): Value => {
    let left = compare();
    while (isOp('&&')) {
      at++;
      const right = compare();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const compare = (): Value => {
    const left = unary();
    if (isOp('==') || isOp('!=')) {
      const negate = isOp('!=');
      at++;
      const same = equal(left, unary());
      return negate ? !same : same;
    }
    return left;
  };
  const unary = (): Value => {
    if (isOp('!')) {
      at++;
      return !truthy(unary());
    }
    return postfix(primary());
  };
  const postfix = (value: Value): Value => {
    for (;;) {
      if (isOp('.')) {
        at++;
        const name = tokens[at++];
        if (name?.kind !== 'id') throw new Error(`expected a property name in ${source}`);
        value = property(value, name.text);
      } else if (isOp('[')) {
        at++;
        const key = or();
        expect(']');
        value = property(value, String(key));
      } else return value;
    }
  };
  const primary = (): Value => {
    const token = tokens[at++];
    if (!token) throw new Error(`unexpected end of ${source}`);
    if (token.kind === 'str') return token.text;
    if (token.kind === 'num') return token.value;
    if (token.kind === 'op' && token.text === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (token.kind !== 'id') throw new Error(`unexpected ${token.text} in ${source}`);
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    if (token.text === 'null') return null;
    if (isOp('(')) {
      at++;
      const args: Value[] = [];
      while (!isOp(')')) {
        args.push(or());
        if (isOp(',')) at++;
      }
      at++;
      return call(token.text, args, ctx);
    }
    if (!(token.text in ctx.contexts)) throw new Error(`context ${token.text} is not available here (${source})`);
    return ctx.contexts[token.text];
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`unexpected trailing tokens in ${source}`);
  return value;
}

function property(value: Value, name: string): Value {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) return value[Number(name)] ?? null;
  // GitHub property access ignores case.
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : value[key];
}

function call(name: string, args: Value[], ctx: ExpressionContext): Value {
  switch (name.toLowerCase()) {
    case 'fromjson':
      return JSON.parse(String(args[0])) as Value;
    case 'tojson':
      return JSON.stringify(args[0], null, 2);
    case 'success':
      return ctx.status.success();
    case 'failure':
      return ctx.status.failure();
    case 'cancelled':
      return ctx.status.cancelled();
    case 'always':
      return true;
    default:
      throw new Error(`function ${name}() is not in the harness's subset`);
  }
}

/** Text with every `${{ expr }}` replaced by its value (as GitHub does before a step runs). */
export function interpolate(text: string, ctx: ExpressionContext): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_all, expr: string) => stringify(evaluate(expr, ctx)));
}

/** A whole-string `${{ expr }}` keeps its value's type (for matrix lists); otherwise interpolated text. */
export function evaluateField(text: string, ctx: ExpressionContext): Value {
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(text);
  return whole ? evaluate(whole[1], ctx) : interpolate(text, ctx);
}

function stringify(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
